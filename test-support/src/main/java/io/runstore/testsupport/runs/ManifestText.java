package io.runstore.testsupport.runs;

/**
 * Writes a run's large texts from its {@link ManifestSizes}, shaped as KFP 2.x writes them, so that databases store
 * and compress them as they would real ones:
 * <ul>
 *   <li>the pipeline spec (the KFP SDK's compiled IR): components with their input and output definitions, one
 *   executor per component (a container running the SDK's launcher boilerplate and the step's embedded Python
 *   source), the root DAG of tasks;</li>
 *   <li>the compiled Argo workflow: the components and executors again as workflow parameters (JSON in strings), the
 *   driver and executor templates every KFP workflow carries, the DAG of driver and executor tasks;</li>
 *   <li>the runtime workflow: the compiled one plus a status node per task.</li>
 * </ul>
 * Size and zlib ratio were calibrated on KFP's own compiled pipelines ({@code test_data/sdk_compiled_pipelines} and
 * {@code test_data/compiled-workflows} of kubeflow/pipelines; docs/benchmarks/manifests.md): pipeline specs of about
 * 5 KB compress about 3.9 times, compiled workflows of 16-18 KB about 5.4 times. {@code ManifestCalibrationTest}
 * keeps the generated texts within a band of those figures. All texts are valid JSON.
 */
public final class ManifestText {

    private static final long PURPOSE_PIPELINE_SPEC = 11;
    private static final long PURPOSE_WORKFLOW_SPEC = 12;
    private static final long PURPOSE_WORKFLOW_RUNTIME = 13;

    private static final String SDK = "2.7.0";
    private static final String[] PARAMETER_TYPES = {"STRING", "NUMBER_DOUBLE", "NUMBER_INTEGER", "BOOLEAN", "STRUCT"};
    private static final String[] ARTIFACT_TYPES = {"system.Dataset", "system.Model", "system.Metrics",
            "system.Artifact", "system.HTML", "system.ClassificationMetrics"};

    /** The SDK's launcher preamble, the same in every lightweight Python component (JSON-escaped). */
    private static final String PIP_PREAMBLE = "\\nif ! [ -x \\\"$(command -v pip)\\\" ]; then\\n    python3 -m ensurepip"
            + " || python3 -m ensurepip --user || apt-get install python3-pip\\nfi\\n\\nPIP_DISABLE_PIP_VERSION_CHECK=1"
            + " python3 -m pip install --quiet --no-warn-script-location 'kfp==" + SDK + "' '--no-deps'"
            + " 'typing-extensions>=3.7.4,<5; python_version<\\\"3.9\\\"'  &&  python3 -m pip install --quiet"
            + " --no-warn-script-location ";
    private static final String PROGRAM_LAUNCH = "program_path=$(mktemp -d)\\n\\nprintf \\\"%s\\\" \\\"$0\\\" >"
            + " \\\"$program_path/ephemeral_component.py\\\"\\n_KFP_RUNTIME=true python3 -m kfp.dsl.executor_main"
            + "                         --component_module_path                         "
            + "\\\"$program_path/ephemeral_component.py\\\"                         \\\"$@\\\"\\n";

    private ManifestText() {
    }

    public static String pipelineSpec(GeneratedRun run) {
        SeededRandom random = new SeededRandom(run.manifests().contentSeed(), PURPOSE_PIPELINE_SPEC, 0);
        int target = run.manifests().pipelineSpec();
        StringBuilder components = new StringBuilder();
        StringBuilder executors = new StringBuilder();
        StringBuilder tasks = new StringBuilder();
        String previous = null;
        int step = 0;
        int overhead = 400 + run.pipeline().name().length();
        do {
            Step current = new Step(random, step);
            int size = components.length() + executors.length() + tasks.length() + overhead;
            int added = current.component(false).length() + current.executorBody(false).length() + 300;
            if (step > 0 && size + added / 2 > target) {
                break; // the nearest size to the target
            }
            separate(components, step).append(current.component(false));
            separate(executors, step).append('"').append(current.executor()).append("\":")
                    .append(current.executorBody(false));
            separate(tasks, step).append(current.dagTask(previous));
            previous = current.name;
            step++;
        } while (components.length() + executors.length() + tasks.length() + overhead < target);
        return "{\"components\":{" + components + "},\"deploymentSpec\":{\"executors\":{" + executors
                + "}},\"pipelineInfo\":{\"name\":\"" + run.pipeline().name() + "\"},\"root\":{\"dag\":{\"tasks\":{"
                + tasks + "}},\"inputDefinitions\":{\"parameters\":{\"" + random.pick(Vocabulary.WORDS)
                + "_uri\":{\"parameterType\":\"STRING\"},\"" + random.pick(Vocabulary.WORDS)
                + "\":{\"defaultValue\":" + random.between(1, 500) + ".0,\"isOptional\":true,"
                + "\"parameterType\":\"NUMBER_DOUBLE\"}}}},\"schemaVersion\":\"2.1.0\",\"sdkVersion\":\"kfp-" + SDK
                + "\"}";
    }

    public static String workflowSpec(GeneratedRun run) {
        SeededRandom random = new SeededRandom(run.manifests().contentSeed(), PURPOSE_WORKFLOW_SPEC, 0);
        StringBuilder json = new StringBuilder(run.manifests().workflowSpec() + 4096);
        workflow(json, run, random, run.manifests().workflowSpec(), false);
        return json.append('}').toString();
    }

    /** The compiled workflow as the persistence agent reports it: the same workflow, named, with its status. */
    public static String workflowRuntime(GeneratedRun run) {
        SeededRandom random = new SeededRandom(run.manifests().contentSeed(), PURPOSE_WORKFLOW_SPEC, 0);
        int target = run.manifests().workflowRuntime();
        StringBuilder json = new StringBuilder(target + 4096);
        workflow(json, run, random, Math.min(run.manifests().workflowSpec(), target), true);
        SeededRandom status = new SeededRandom(run.manifests().contentSeed(), PURPOSE_WORKFLOW_RUNTIME, 0);
        json.append(",\"status\":{\"phase\":\"").append(phase(run)).append("\",\"startedAt\":\"")
                .append(run.createdAt()).append("\",\"finishedAt\":")
                .append(run.finishedAt() == null ? "null" : "\"" + run.finishedAt() + "\"")
                .append(",\"progress\":\"").append(run.tasks().size()).append('/').append(run.tasks().size())
                .append("\",\"nodes\":{");
        int node = 0;
        while (json.length() < target - 400 || node < run.tasks().size()) {
            GeneratedTask task = run.tasks().get(node % run.tasks().size());
            String id = run.workflowName() + "-" + status.between(100_000_000, 999_999_999);
            boolean driver = node % 3 != 2;
            json.append(node == 0 ? "" : ",").append('"').append(id).append("\":{\"id\":\"").append(id)
                    .append("\",\"name\":\"").append(run.workflowName()).append(".root.").append(task.details().name())
                    .append(driver ? ".driver" : ".executor").append("\",\"displayName\":\"")
                    .append(task.details().name()).append(driver ? "-driver" : "").append("\",\"type\":\"Pod\",")
                    .append("\"templateName\":\"").append(driver ? "system-container-driver" : "system-container-impl")
                    .append("\",\"templateScope\":\"local/").append(run.workflowName()).append("\",\"phase\":\"")
                    .append(nodePhase(task)).append("\",\"boundaryID\":\"").append(run.workflowName())
                    .append("\",\"startedAt\":\"").append(task.details().createTime()).append("\",\"finishedAt\":")
                    .append(task.details().endTime() == null ? "null" : "\"" + task.details().endTime() + "\"")
                    .append(",\"progress\":\"1/1\",\"resourcesDuration\":{\"cpu\":").append(status.between(1, 900))
                    .append(",\"memory\":").append(status.between(1, 9000)).append("},\"outputs\":{")
                    .append(driver ? "\"parameters\":[{\"name\":\"execution-id\",\"value\":\""
                            + status.between(1000, 99_999) + "\",\"valueFrom\":{\"path\":\"/tmp/outputs/execution-id\"}},"
                            + "{\"name\":\"cached-decision\",\"value\":\"false\",\"default\":\"false\",\"valueFrom\":"
                            + "{\"path\":\"/tmp/outputs/cached-decision\"}}]," : "")
                    .append("\"artifacts\":[{\"name\":\"main-logs\",\"s3\":{\"key\":\"artifacts/")
                    .append(run.workflowName()).append('/').append(run.createdAt().toString(), 0, 10).append('/')
                    .append(id).append("/main.log\"}}],\"exitCode\":\"0\"},\"hostNodeName\":\"gke-pool-")
                    .append(status.hex(8)).append("\"}");
            node++;
        }
        return json.append("}}}").toString();
    }

    /**
     * The workflow up to the end of its spec (the caller closes it, or adds a status first): parameters holding the
     * components and executors as JSON strings, KFP's driver and executor templates, the DAG.
     */
    private static void workflow(StringBuilder json, GeneratedRun run, SeededRandom random, int target, boolean named) {
        json.append("{\"apiVersion\":\"argoproj.io/v1alpha1\",\"kind\":\"Workflow\",\"metadata\":{");
        if (named) {
            json.append("\"name\":\"").append(run.workflowName()).append("\",\"namespace\":\"").append(run.namespace())
                    .append("\",\"uid\":\"").append(run.runId()).append("\",\"creationTimestamp\":\"")
                    .append(run.createdAt()).append("\",\"labels\":{\"pipeline/runid\":\"").append(run.runId())
                    .append("\",\"workflows.argoproj.io/phase\":\"").append(phase(run)).append("\"},");
        }
        json.append("\"generateName\":\"").append(run.pipeline().name()).append("-\",\"annotations\":{")
                .append("\"pipelines.kubeflow.org/kfp_sdk_version\":\"").append(SDK).append("\",")
                .append("\"pipelines.kubeflow.org/pipeline_compilation_time\":\"").append(run.createdAt()).append("\",")
                .append("\"pipelines.kubeflow.org/pipeline_spec\":\"{\\\"name\\\": \\\"").append(run.pipeline().name())
                .append("\\\"}\"},\"labels\":{\"pipelines.kubeflow.org/kfp_sdk_version\":\"").append(SDK)
                .append("\"}},\"spec\":{\"arguments\":{\"parameters\":[");
        int start = json.length();
        int templates = constantTemplatesLength();
        StringBuilder dag = new StringBuilder();
        StringBuilder rootTasks = new StringBuilder();
        String previous = null;
        int step = 0;
        do {
            Step current = new Step(random, step);
            String hash = random.hex(64);
            json.append(step == 0 ? "" : ",").append("{\"name\":\"components-").append(hash).append("\",\"value\":\"")
                    .append(current.component(true)).append("\"},{\"name\":\"implementations-").append(hash)
                    .append("\",\"value\":\"").append(current.executorBody(true)).append("\"}");
            separate(dag, step).append(current.driverTask(hash, previous)).append(',')
                    .append(current.executorTask());
            separate(rootTasks, step).append(current.dagTask(previous));
            previous = current.name;
            step++;
        } while (json.length() - start + templates + dag.length() + rootTasks.length() + 700 < target);
        json.append(",{\"name\":\"components-root\",\"value\":\"")
                .append(escaped("{\"dag\":{\"tasks\":{" + rootTasks + "}}}"))
                .append("\"}]},\"entrypoint\":\"entrypoint\",\"podMetadata\":{\"annotations\":")
                .append("{\"pipelines.kubeflow.org/v2_component\":\"true\"},\"labels\":{")
                .append("\"pipelines.kubeflow.org/v2_component\":\"true\"}},\"serviceAccountName\":\"")
                .append(run.serviceAccount()).append("\",\"templates\":[").append(CONSTANT_TEMPLATES)
                .append(",{\"dag\":{\"tasks\":[").append(dag).append("]},\"name\":\"root\",\"inputs\":{\"parameters\":")
                .append("[{\"name\":\"parent-dag-id\"}]}},{\"dag\":{\"tasks\":[{\"name\":\"root-driver\",")
                .append("\"template\":\"system-dag-driver\",\"arguments\":{\"parameters\":[{\"name\":\"runtime-config\",")
                .append("\"value\":\"{}\"},{\"name\":\"driver-type\",\"value\":\"ROOT_DAG\"}]}},{\"name\":\"root\",")
                .append("\"template\":\"root\",\"depends\":\"root-driver.Succeeded\"}]},\"name\":\"entrypoint\"}]}");
    }

    /** A step of the pipeline: its component, executor and task, in the spec's or (escaped) the workflow's form. */
    private static final class Step {
        final String name;
        final String function;
        final String image;
        final String library;
        final String[] inputs;
        final String[] inputTypes;
        final String output;
        final String outputType;
        final String source;

        Step(SeededRandom random, int position) {
            name = random.pick(Vocabulary.STEPS) + "-" + random.pick(Vocabulary.WORDS) + (position == 0 ? "" : "-" + position);
            function = name.replace('-', '_');
            image = random.pick(Vocabulary.IMAGES);
            library = random.pick(Vocabulary.LIBRARIES);
            inputs = new String[random.between(1, 4)];
            inputTypes = new String[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = random.pick(Vocabulary.WORDS) + (i == 0 ? "" : "_" + i);
                inputTypes[i] = random.pick(PARAMETER_TYPES);
            }
            output = random.pick(Vocabulary.WORDS);
            outputType = random.pick(ARTIFACT_TYPES);
            source = pythonSource(random);
        }

        String executor() {
            return "exec-" + name;
        }

        /** {@code "comp-<name>":{...}} in the spec; the component object alone, escaped, in the workflow. */
        String component(boolean escaped) {
            String q = escaped ? "\\\"" : "\"";
            StringBuilder text = new StringBuilder(400);
            if (!escaped) {
                text.append(q).append("comp-").append(name).append(q).append(':');
            }
            text.append('{').append(q).append("executorLabel").append(q).append(':').append(q).append(executor())
                    .append(q).append(',').append(q).append("inputDefinitions").append(q).append(":{").append(q)
                    .append("parameters").append(q).append(":{");
            for (int i = 0; i < inputs.length; i++) {
                text.append(i == 0 ? "" : ",").append(q).append(inputs[i]).append(q).append(":{").append(q)
                        .append("parameterType").append(q).append(':').append(q).append(inputTypes[i]).append(q)
                        .append('}');
            }
            return text.append("}},").append(q).append("outputDefinitions").append(q).append(":{").append(q)
                    .append("artifacts").append(q).append(":{").append(q).append(output).append(q).append(":{")
                    .append(q).append("artifactType").append(q).append(":{").append(q).append("schemaTitle").append(q)
                    .append(':').append(q).append(outputType).append(q).append(',').append(q).append("schemaVersion")
                    .append(q).append(':').append(q).append("0.0.1").append(q).append("}}}}}").toString();
        }

        /** The executor's container; in the workflow a JSON string inside a JSON string, escaped twice. */
        String executorBody(boolean escaped) {
            String body = "{\"container\":{\"args\":[\"--executor_input\",\"{{$}}\",\"--function_to_execute\",\""
                    + function + "\"],\"command\":[\"sh\",\"-c\",\"" + PIP_PREAMBLE + "'" + library
                    + "' && \\\"$0\\\" \\\"$@\\\"\\n\",\"sh\",\"-ec\",\"" + PROGRAM_LAUNCH + "\",\"" + source
                    + "\"],\"image\":\"" + image + "\"}}";
            return escaped ? escaped(body) : body;
        }

        String dagTask(String previous) {
            StringBuilder text = new StringBuilder(300);
            text.append('"').append(name).append("\":{\"cachingOptions\":{\"enableCache\":true},\"componentRef\":")
                    .append("{\"name\":\"comp-").append(name).append("\"},");
            if (previous != null) {
                text.append("\"dependentTasks\":[\"").append(previous).append("\"],");
            }
            text.append("\"inputs\":{\"parameters\":{");
            for (int i = 0; i < inputs.length; i++) {
                text.append(i == 0 ? "" : ",").append('"').append(inputs[i]).append("\":{\"componentInputParameter\":\"")
                        .append(inputs[i]).append("\"}");
            }
            return text.append("}},\"taskInfo\":{\"name\":\"").append(name).append("\"}}").toString();
        }

        String driverTask(String hash, String previous) {
            return "{\"name\":\"" + name + "-driver\",\"template\":\"system-container-driver\",\"arguments\":"
                    + "{\"parameters\":[{\"name\":\"component\",\"value\":\"{{workflow.parameters.components-" + hash
                    + "}}\"},{\"name\":\"task\",\"value\":\"{\\\"cachingOptions\\\":{\\\"enableCache\\\":true},"
                    + "\\\"componentRef\\\":{\\\"name\\\":\\\"comp-" + name + "\\\"},\\\"taskInfo\\\":{\\\"name\\\":\\\""
                    + name + "\\\"}}\"},{\"name\":\"container\",\"value\":\"{{workflow.parameters.implementations-" + hash
                    + "}}\"},{\"name\":\"parent-dag-id\",\"value\":\"{{inputs.parameters.parent-dag-id}}\"}]}"
                    + (previous == null ? "" : ",\"depends\":\"" + previous + ".Succeeded\"") + "}";
        }

        String executorTask() {
            return "{\"name\":\"" + name + "\",\"template\":\"system-container-executor\",\"arguments\":"
                    + "{\"parameters\":[{\"name\":\"pod-spec-patch\",\"value\":\"{{tasks." + name
                    + "-driver.outputs.parameters.pod-spec-patch}}\"},{\"name\":\"cached-decision\",\"default\":\"false\","
                    + "\"value\":\"{{tasks." + name + "-driver.outputs.parameters.cached-decision}}\"}]},"
                    + "\"depends\":\"" + name + "-driver.Succeeded\"}";
        }

        /** The step's function as the SDK embeds it (newlines and quotes escaped for JSON). */
        private String pythonSource(SeededRandom random) {
            StringBuilder text = new StringBuilder(900);
            text.append("\\nimport kfp\\nfrom kfp import dsl\\nfrom kfp.dsl import *\\nfrom typing import *\\n\\n")
                    .append("def ").append(function).append('(');
            for (int i = 0; i < inputs.length; i++) {
                text.append(i == 0 ? "" : ", ").append(inputs[i]).append(": ").append(pythonType(inputTypes[i]));
            }
            text.append(", ").append(output).append(": Output[").append(outputType.substring(7)).append("]):\\n")
                    .append("    import ").append(library).append("\\n    import json\\n    import logging\\n\\n");
            int lines = random.between(2, 9);
            for (int line = 0; line < lines; line++) {
                String variable = random.pick(Vocabulary.WORDS) + "_" + random.pick(Vocabulary.WORDS);
                switch (random.between(0, 3)) {
                    case 0 -> text.append("    ").append(variable).append(" = ").append(library).append('.')
                            .append(random.pick(Vocabulary.WORDS)).append('(').append(inputs[0]).append(", ")
                            .append(random.pick(Vocabulary.WORDS)).append('=').append(random.between(0, 4096))
                            .append(")\\n");
                    case 1 -> text.append("    logging.info(\\\"").append(random.pick(Vocabulary.STEPS)).append(' ')
                            .append(random.pick(Vocabulary.WORDS)).append(": %s\\\", ").append(variable).append(")\\n");
                    case 2 -> text.append("    with open(").append(output).append(".path, 'w') as f:\\n")
                            .append("        json.dump({'").append(random.pick(Vocabulary.WORDS)).append("': ")
                            .append(variable).append("}, f)\\n");
                    default -> text.append("    ").append(output).append(".metadata['")
                            .append(random.pick(Vocabulary.WORDS)).append("'] = ").append(random.between(0, 999))
                            .append(".").append(random.between(0, 99)).append("\\n");
                }
            }
            return text.append("\\n").toString();
        }

        private static String pythonType(String parameterType) {
            return switch (parameterType) {
                case "NUMBER_DOUBLE" -> "float";
                case "NUMBER_INTEGER" -> "int";
                case "BOOLEAN" -> "bool";
                case "STRUCT" -> "dict";
                default -> "str";
            };
        }
    }

    /** KFP's driver and executor templates, the same in every compiled workflow of an SDK version. */
    private static final String CONSTANT_TEMPLATES = driverTemplate("system-container-driver", "CONTAINER")
            + "," + driverTemplate("system-dag-driver", "DAG")
            + ",{\"name\":\"system-container-impl\",\"inputs\":{\"parameters\":[{\"name\":\"pod-spec-patch\"}]},"
            + "\"container\":{\"name\":\"\",\"image\":\"gcr.io/ml-pipeline/should-be-overridden-during-runtime\","
            + "\"command\":[\"should-be-overridden-during-runtime\"],\"envFrom\":[{\"configMapRef\":{\"name\":"
            + "\"metadata-grpc-configmap\",\"optional\":true}}],\"env\":[{\"name\":\"KFP_POD_NAME\",\"valueFrom\":"
            + "{\"fieldRef\":{\"fieldPath\":\"metadata.name\"}}},{\"name\":\"KFP_POD_UID\",\"valueFrom\":{\"fieldRef\":"
            + "{\"fieldPath\":\"metadata.uid\"}}}],\"resources\":{},\"volumeMounts\":[{\"name\":\"kfp-launcher\","
            + "\"mountPath\":\"/kfp-launcher\"},{\"name\":\"gcs-scratch\",\"mountPath\":\"/gcs\"},{\"name\":"
            + "\"s3-scratch\",\"mountPath\":\"/s3\"},{\"name\":\"minio-scratch\",\"mountPath\":\"/minio\"},{\"name\":"
            + "\"dot-local-scratch\",\"mountPath\":\"/.local\"},{\"name\":\"dot-cache-scratch\",\"mountPath\":"
            + "\"/.cache\"},{\"name\":\"dot-config-scratch\",\"mountPath\":\"/.config\"}]},\"initContainers\":[{"
            + "\"name\":\"kfp-launcher\",\"image\":\"gcr.io/ml-pipeline/kfp-launcher:" + SDK + "\",\"command\":["
            + "\"launcher-v2\",\"--copy\",\"/kfp-launcher/launch\"],\"resources\":{\"limits\":{\"cpu\":\"500m\","
            + "\"memory\":\"128Mi\"},\"requests\":{\"cpu\":\"100m\"}},\"volumeMounts\":[{\"name\":\"kfp-launcher\","
            + "\"mountPath\":\"/kfp-launcher\"}]}],\"podSpecPatch\":\"{{inputs.parameters.pod-spec-patch}}\","
            + "\"volumes\":[{\"name\":\"kfp-launcher\",\"emptyDir\":{}},{\"name\":\"gcs-scratch\",\"emptyDir\":{}},"
            + "{\"name\":\"s3-scratch\",\"emptyDir\":{}},{\"name\":\"minio-scratch\",\"emptyDir\":{}},{\"name\":"
            + "\"dot-local-scratch\",\"emptyDir\":{}},{\"name\":\"dot-cache-scratch\",\"emptyDir\":{}},{\"name\":"
            + "\"dot-config-scratch\",\"emptyDir\":{}}]},{\"name\":\"system-container-executor\",\"inputs\":"
            + "{\"parameters\":[{\"name\":\"pod-spec-patch\"},{\"name\":\"cached-decision\",\"default\":\"false\"}]},"
            + "\"dag\":{\"tasks\":[{\"name\":\"executor\",\"template\":\"system-container-impl\",\"arguments\":"
            + "{\"parameters\":[{\"name\":\"pod-spec-patch\",\"value\":\"{{inputs.parameters.pod-spec-patch}}\"}]},"
            + "\"when\":\"{{inputs.parameters.cached-decision}} != true\"}]}}";

    private static String driverTemplate(String name, String type) {
        return "{\"name\":\"" + name + "\",\"inputs\":{\"parameters\":[{\"name\":\"component\"},{\"name\":\"task\"},"
                + "{\"name\":\"container\"},{\"name\":\"parent-dag-id\"},{\"name\":\"iteration-index\",\"default\":"
                + "\"-1\"},{\"name\":\"kubernetes-config\",\"default\":\"\"}]},\"outputs\":{\"parameters\":[{\"name\":"
                + "\"pod-spec-patch\",\"default\":\"\",\"valueFrom\":{\"path\":\"/tmp/outputs/pod-spec-patch\","
                + "\"default\":\"\"}},{\"name\":\"cached-decision\",\"default\":\"false\",\"valueFrom\":{\"path\":"
                + "\"/tmp/outputs/cached-decision\",\"default\":\"false\"}},{\"name\":\"condition\",\"valueFrom\":"
                + "{\"path\":\"/tmp/outputs/condition\",\"default\":\"true\"}}]},\"container\":{\"name\":\"\",\"image\":"
                + "\"gcr.io/ml-pipeline/kfp-driver:" + SDK + "\",\"command\":[\"driver\"],\"args\":[\"--type\",\""
                + type + "\",\"--pipeline_name\",\"{{workflow.labels.pipeline-name}}\",\"--run_id\","
                + "\"{{workflow.uid}}\",\"--run_name\",\"{{workflow.name}}\",\"--run_display_name\",\"\","
                + "\"--dag_execution_id\",\"{{inputs.parameters.parent-dag-id}}\",\"--component\","
                + "\"{{inputs.parameters.component}}\",\"--task\",\"{{inputs.parameters.task}}\",\"--container\","
                + "\"{{inputs.parameters.container}}\",\"--iteration_index\",\"{{inputs.parameters.iteration-index}}\","
                + "\"--cached_decision_path\",\"{{outputs.parameters.cached-decision.path}}\",\"--pod_spec_patch_path\","
                + "\"{{outputs.parameters.pod-spec-patch.path}}\",\"--condition_path\","
                + "\"{{outputs.parameters.condition.path}}\",\"--kubernetes_config\","
                + "\"{{inputs.parameters.kubernetes-config}}\",\"--http_proxy\",\"\",\"--https_proxy\",\"\","
                + "\"--no_proxy\",\"\"],\"resources\":{\"limits\":{\"cpu\":\"500m\",\"memory\":\"512Mi\"},"
                + "\"requests\":{\"cpu\":\"100m\",\"memory\":\"64Mi\"}}}}";
    }

    private static int constantTemplatesLength() {
        return CONSTANT_TEMPLATES.length();
    }

    /** The text as a JSON string's content. */
    private static String escaped(String json) {
        return json.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static StringBuilder separate(StringBuilder text, int position) {
        return position == 0 ? text : text.append(',');
    }

    private static String phase(GeneratedRun run) {
        return switch (run.state()) {
            case SUCCEEDED, SKIPPED -> "Succeeded";
            case FAILED -> "Failed";
            case CANCELED, CANCELING -> "Failed";
            default -> "Running";
        };
    }

    private static String nodePhase(GeneratedTask task) {
        return switch (task.details().state()) {
            case SUCCEEDED, CACHED, SKIPPED -> "Succeeded";
            case FAILED -> "Failed";
            default -> "Running";
        };
    }
}
