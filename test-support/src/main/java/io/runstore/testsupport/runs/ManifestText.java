package io.runstore.testsupport.runs;

/**
 * Writes a run's large texts from its {@link ManifestSizes}: a KFP pipeline spec (components, executors with the
 * embedded Python source of each step, the root DAG), a compiled Argo workflow (templates with their container specs
 * and embedded component specs) and the runtime workflow (the same plus a status node per task). The texts are valid
 * JSON of the requested size, as varied as real manifests are (identifiers, hashes, numbers), so that databases
 * compress and store them as they would real ones.
 */
public final class ManifestText {

    private static final long PURPOSE_PIPELINE_SPEC = 11;
    private static final long PURPOSE_WORKFLOW_SPEC = 12;
    private static final long PURPOSE_WORKFLOW_RUNTIME = 13;

    private ManifestText() {
    }

    public static String pipelineSpec(GeneratedRun run) {
        SeededRandom random = new SeededRandom(run.manifests().contentSeed(), PURPOSE_PIPELINE_SPEC, 0);
        int target = run.manifests().pipelineSpec();
        StringBuilder json = new StringBuilder(target + 2048);
        json.append("{\"pipelineInfo\":{\"name\":\"").append(run.pipeline().name())
                .append("\"},\"sdkVersion\":\"kfp-2.7.0\",\"schemaVersion\":\"2.1.0\",\"deploymentSpec\":{\"executors\":{");
        int step = 0;
        do {
            if (step > 0) {
                json.append(',');
            }
            String name = stepName(random, step);
            json.append("\"exec-").append(name).append("\":{\"container\":{\"image\":\"")
                    .append(random.pick(Vocabulary.IMAGES)).append("\",\"command\":[\"sh\",\"-c\",\"");
            pythonSource(json, random, name, 3 + random.between(0, 6));
            json.append("\"],\"args\":[\"--executor_input\",\"{{$}}\",\"--function_to_execute\",\"").append(name.replace('-', '_'))
                    .append("\"],\"resources\":{\"cpuLimit\":").append(random.between(1, 8))
                    .append(",\"memoryLimit\":").append(random.between(1, 64)).append(".0}}}");
            step++;
        } while (json.length() < target - 600);
        json.append("}},\"root\":{\"dag\":{\"tasks\":{");
        for (int i = 0; i < Math.min(step, 3); i++) {
            json.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"cachingOptions\":{\"enableCache\":true}}");
        }
        json.append("}}}}");
        return json.toString();
    }

    public static String workflowSpec(GeneratedRun run) {
        SeededRandom random = new SeededRandom(run.manifests().contentSeed(), PURPOSE_WORKFLOW_SPEC, 0);
        return workflow(run, random, run.manifests().workflowSpec(), false);
    }

    public static String workflowRuntime(GeneratedRun run) {
        SeededRandom random = new SeededRandom(run.manifests().contentSeed(), PURPOSE_WORKFLOW_RUNTIME, 0);
        return workflow(run, random, run.manifests().workflowRuntime(), true);
    }

    private static String workflow(GeneratedRun run, SeededRandom random, int target, boolean withStatus) {
        StringBuilder json = new StringBuilder(target + 2048);
        json.append("{\"apiVersion\":\"argoproj.io/v1alpha1\",\"kind\":\"Workflow\",\"metadata\":{\"name\":\"")
                .append(run.workflowName()).append("\",\"namespace\":\"").append(run.namespace())
                .append("\",\"labels\":{\"pipeline/runid\":\"").append(run.runId())
                .append("\",\"pipelines.kubeflow.org/v2_component\":\"true\"}},\"spec\":{\"entrypoint\":\"entrypoint\",")
                .append("\"serviceAccountName\":\"").append(run.serviceAccount()).append("\",\"templates\":[");
        int statusBudget = withStatus ? Math.min(target / 3, 400 * run.tasks().size()) : 0;
        int template = 0;
        do {
            if (template > 0) {
                json.append(',');
            }
            String name = stepName(random, template);
            json.append("{\"name\":\"system-container-impl-").append(name).append("\",\"inputs\":{\"parameters\":[")
                    .append("{\"name\":\"pod-spec-patch\"},{\"name\":\"component\",\"value\":\"{\\\"executorLabel\\\":\\\"exec-")
                    .append(name).append("\\\",\\\"inputDefinitions\\\":{\\\"parameters\\\":{");
            int parameters = random.between(2, 6);
            for (int p = 0; p < parameters; p++) {
                json.append(p == 0 ? "" : ",").append("\\\"").append(random.pick(Vocabulary.WORDS)).append('_').append(p)
                        .append("\\\":{\\\"parameterType\\\":\\\"").append(random.chance(0.5) ? "STRING" : "NUMBER_DOUBLE")
                        .append("\\\",\\\"defaultValue\\\":").append(random.between(0, 999)).append('}');
            }
            json.append("}}}\"}]},\"container\":{\"image\":\"").append(random.pick(Vocabulary.IMAGES))
                    .append("\",\"command\":[\"/kfp-launcher/launch\"],\"args\":[\"--pipeline_name\",\"")
                    .append(run.pipeline().name()).append("\",\"--run_id\",\"").append(run.runId())
                    .append("\",\"--execution_id\",\"{{inputs.parameters.execution-id}}\",\"--fingerprint\",\"")
                    .append(random.hex(64)).append("\"],\"env\":[{\"name\":\"KFP_POD_NAME\",\"valueFrom\":{\"fieldRef\":")
                    .append("{\"fieldPath\":\"metadata.name\"}}},{\"name\":\"KFP_POD_UID\",\"valueFrom\":{\"fieldRef\":")
                    .append("{\"fieldPath\":\"metadata.uid\"}}}],\"resources\":{\"limits\":{\"cpu\":\"")
                    .append(random.between(1, 8)).append("\",\"memory\":\"").append(random.between(1, 64))
                    .append("Gi\"}}},\"metadata\":{\"annotations\":{\"checksum\":\"").append(random.hex(40)).append("\"}}}");
            template++;
        } while (json.length() < target - statusBudget - 100);
        json.append("]}");
        if (withStatus) {
            json.append(",\"status\":{\"phase\":\"").append(run.state()).append("\",\"nodes\":{");
            int node = 0;
            while (json.length() < target - 60) {
                String id = run.workflowName() + "-" + random.between(100_000_000, 999_999_999);
                json.append(node == 0 ? "" : ",").append('"').append(id).append("\":{\"id\":\"").append(id)
                        .append("\",\"displayName\":\"").append(stepName(random, node)).append("\",\"type\":\"Pod\",")
                        .append("\"phase\":\"Succeeded\",\"startedAt\":\"").append(run.createdAt())
                        .append("\",\"resourcesDuration\":{\"cpu\":").append(random.between(1, 9999))
                        .append(",\"memory\":").append(random.between(1, 99999)).append("},\"hostNodeName\":\"gke-pool-")
                        .append(random.hex(8)).append("\"}");
                node++;
            }
            json.append("}}");
        }
        json.append('}');
        return json.toString();
    }

    private static String stepName(SeededRandom random, int position) {
        return random.pick(Vocabulary.STEPS) + "-" + random.pick(Vocabulary.WORDS) + "-" + position;
    }

    /** A component's Python source as KFP embeds it in a command string (newlines and quotes escaped for JSON). */
    private static void pythonSource(StringBuilder json, SeededRandom random, String name, int lines) {
        json.append("\\nif ! [ -x \\\"$(command -v pip)\\\" ]; then python3 -m ensurepip; fi\\n")
                .append("PIP_DISABLE_PIP_VERSION_CHECK=1 python3 -m pip install --quiet kfp==2.7.0 ")
                .append(random.pick(Vocabulary.LIBRARIES)).append("\\n").append("def ").append(name.replace('-', '_'))
                .append('(').append(random.pick(Vocabulary.WORDS)).append(": str, ").append(random.pick(Vocabulary.WORDS))
                .append(": float = ").append(random.between(1, 99)).append(".").append(random.between(0, 9))
                .append("):\\n    import ").append(random.pick(Vocabulary.LIBRARIES)).append("\\n");
        for (int line = 0; line < lines; line++) {
            json.append("    ").append(random.pick(Vocabulary.WORDS)).append('_').append(random.pick(Vocabulary.WORDS))
                    .append(" = ").append(random.pick(Vocabulary.LIBRARIES)).append('.').append(random.pick(Vocabulary.WORDS))
                    .append('(').append(random.pick(Vocabulary.WORDS)).append('=').append(random.between(0, 4096))
                    .append(", ").append(random.pick(Vocabulary.WORDS)).append("='").append(random.hex(8)).append("')\\n");
        }
        json.append("    return ").append(random.pick(Vocabulary.WORDS)).append("\\n");
    }
}
