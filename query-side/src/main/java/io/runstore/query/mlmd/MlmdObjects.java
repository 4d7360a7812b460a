package io.runstore.query.mlmd;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import ml_metadata.MetadataStore.Artifact;
import ml_metadata.MetadataStore.ArtifactType;
import ml_metadata.MetadataStore.Context;
import ml_metadata.MetadataStore.Event;
import ml_metadata.MetadataStore.Execution;
import ml_metadata.MetadataStore.Value;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A run's tasks as the ML Metadata objects KFP's v2 driver used to write and KFP's run-details page reads: a context
 * of type {@code system.PipelineRun} named by the run id, an execution per task, an artifact per artifact the tasks'
 * inputs and outputs carry, and an event per (task, artifact) link.
 *
 * <p>Ids. A context's and an execution's id is the {@code mlmd_object} row the projector wrote (the position of the
 * event that created the run or task). An artifact has no row of its own: its id is the id of the execution it is
 * first seen in times {@value #ARTIFACTS_PER_EXECUTION} plus its place in that task's artifact list (outputs first,
 * then inputs, in the order the task reports them); within a run an artifact is first seen in its producer's outputs
 * (by its {@code artifact_id}), else in the first task that reads it. Artifacts past the
 * {@value #ARTIFACTS_PER_EXECUTION}th of a task are left out.
 */
public final class MlmdObjects {

    public static final String PIPELINE_RUN = "system.PipelineRun";
    public static final long PIPELINE_RUN_TYPE_ID = 201;
    static final long CONTAINER_EXECUTION_TYPE_ID = 101;
    static final long DAG_EXECUTION_TYPE_ID = 102;
    static final long IMPORTER_EXECUTION_TYPE_ID = 103;
    static final int ARTIFACTS_PER_EXECUTION = 1024;

    /** KFP's artifact types: id = the number of KFP's {@code Artifact.ArtifactType}, the name KFP's SDK gives it. */
    private static final Map<String, ArtifactType> ARTIFACT_TYPES = new LinkedHashMap<>();

    static {
        String[][] types = {{"Artifact", "system.Artifact"}, {"Model", "system.Model"}, {"Dataset", "system.Dataset"},
                {"HTML", "system.HTML"}, {"Markdown", "system.Markdown"}, {"Metric", "system.Metrics"},
                {"ClassificationMetric", "system.ClassificationMetrics"},
                {"SlicedClassificationMetric", "system.SlicedClassificationMetrics"}};
        for (int i = 0; i < types.length; i++) {
            ARTIFACT_TYPES.put(types[i][0], ArtifactType.newBuilder().setId(i + 1).setName(types[i][1]).build());
        }
    }

    private MlmdObjects() {
    }

    /** A run as its MLMD context. */
    public record RunRow(long mlmdId, String runId, String namespace, long createdAtMicros) {
    }

    /** A task with its MLMD id, state and times from run_task's columns, the rest from its JSON. */
    public record TaskRow(long mlmdId, String taskId, String namespace, String state, long createTimeMicros,
                          long endTimeMicros, JsonNode task) {
    }

    public static List<ArtifactType> artifactTypes() {
        return List.copyOf(ARTIFACT_TYPES.values());
    }

    public static Context context(RunRow run) {
        return Context.newBuilder().setId(run.mlmdId()).setTypeId(PIPELINE_RUN_TYPE_ID).setType(PIPELINE_RUN)
                .setName(run.runId())
                .putCustomProperties("namespace", string(run.namespace()))
                .setCreateTimeSinceEpoch(run.createdAtMicros() / 1000)
                .setLastUpdateTimeSinceEpoch(run.createdAtMicros() / 1000)
                .build();
    }

    /** The id of the execution an artifact id belongs to (the task the artifact is first seen in). */
    public static long executionOfArtifact(long artifactId) {
        return artifactId / ARTIFACTS_PER_EXECUTION;
    }

    /** Last known state: RUNNING 2, COMPLETE 3, FAILED 4, CACHED 5, CANCELED 6 (KFP: a task not triggered). */
    static Execution.State state(String taskState) {
        return switch (taskState) {
            case "RUNNING" -> Execution.State.RUNNING;
            case "SUCCEEDED" -> Execution.State.COMPLETE;
            case "FAILED" -> Execution.State.FAILED;
            case "CACHED" -> Execution.State.CACHED;
            case "SKIPPED" -> Execution.State.CANCELED;
            default -> Execution.State.UNKNOWN;
        };
    }

    /** One run's executions, artifacts and events, derived together (artifact ids need the whole run). */
    public static final class RunObjects {

        private final Map<String, Long> executionIdOfTask = new HashMap<>();
        private final List<TaskRow> tasks;
        private final Map<Long, Artifact> artifacts = new LinkedHashMap<>();
        private final Map<Long, List<Event>> eventsByExecution = new LinkedHashMap<>();

        /** @param tasks every task of the run that has an MLMD id */
        public RunObjects(Collection<TaskRow> tasks) {
            this.tasks = tasks.stream().sorted((a, b) -> Long.compare(a.mlmdId(), b.mlmdId())).toList();
            this.tasks.forEach(task -> executionIdOfTask.put(task.taskId(), task.mlmdId()));
            Map<String, Long> byArtifactId = new HashMap<>();
            List<Link> links = new ArrayList<>();
            for (TaskRow task : this.tasks) {
                links.addAll(links(task));
            }
            // producers first: an artifact a task outputs takes that task's id, whoever else reads it
            for (boolean outputs : new boolean[] {true, false}) {
                for (Link link : links) {
                    if (link.output != outputs) {
                        continue;
                    }
                    String artifactId = text(link.artifact, "artifact_id", "artifactId");
                    Long id = artifactId.isEmpty() ? null : byArtifactId.get(artifactId);
                    if (id == null) {
                        id = link.ownId;
                        if (!artifactId.isEmpty()) {
                            byArtifactId.put(artifactId, id);
                        }
                        artifacts.put(id, MlmdObjects.artifact(id, link));
                    }
                    eventsByExecution.computeIfAbsent(link.task.mlmdId(), k -> new ArrayList<>())
                            .add(Event.newBuilder().setArtifactId(id).setExecutionId(link.task.mlmdId())
                                    .setType(outputs ? Event.Type.OUTPUT : Event.Type.INPUT)
                                    .setPath(Event.Path.newBuilder().addSteps(Event.Path.Step.newBuilder()
                                            .setKey(link.key)))
                                    .setMillisecondsSinceEpoch((outputs && link.task.endTimeMicros() > 0
                                            ? link.task.endTimeMicros() : link.task.createTimeMicros()) / 1000)
                                    .build());
                }
            }
        }

        public List<Execution> executions() {
            return tasks.stream().map(this::execution).toList();
        }

        public List<Artifact> artifacts() {
            return List.copyOf(artifacts.values());
        }

        public Optional<Artifact> artifact(long id) {
            return Optional.ofNullable(artifacts.get(id));
        }

        /** The events of these executions, per execution in the order its task reports its artifacts. */
        public List<Event> events(Set<Long> executionIds) {
            List<Event> events = new ArrayList<>();
            for (TaskRow task : tasks) {
                if (executionIds.contains(task.mlmdId())) {
                    events.addAll(eventsByExecution.getOrDefault(task.mlmdId(), List.of()));
                }
            }
            return events;
        }

        private Execution execution(TaskRow row) {
            JsonNode task = row.task();
            String type = text(task, "type");
            boolean root = "ROOT".equals(type);
            Execution.Builder execution = Execution.newBuilder().setId(row.mlmdId())
                    .setLastKnownState(state(row.state()))
                    .setCreateTimeSinceEpoch(row.createTimeMicros() / 1000)
                    .setLastUpdateTimeSinceEpoch(Math.max(row.createTimeMicros(), row.endTimeMicros()) / 1000);
            switch (type) {
                case "RUNTIME" -> execution.setTypeId(CONTAINER_EXECUTION_TYPE_ID).setType("system.ContainerExecution");
                case "IMPORTER" -> execution.setTypeId(IMPORTER_EXECUTION_TYPE_ID).setType("system.ImporterExecution");
                default -> execution.setTypeId(DAG_EXECUTION_TYPE_ID).setType("system.DAGExecution");
            }
            String name = text(task, "name");
            String displayName = text(task, "display_name", "displayName");
            // KFP's UI finds the root DAG as the execution whose task_name is empty
            execution.putCustomProperties("task_name", string(root ? "" : name));
            execution.putCustomProperties("display_name", string(displayName.isEmpty() ? name : displayName));
            Long parent = executionIdOfTask.get(text(task, "parent_task_id", "parentTaskId"));
            if (parent != null) {
                execution.putCustomProperties("parent_dag_id", Value.newBuilder().setIntValue(parent).build());
            }
            JsonNode attributes = field(task, "type_attributes", "typeAttributes");
            JsonNode iterationIndex = field(attributes, "iteration_index", "iterationIndex");
            if (iterationIndex.canConvertToLong()) {
                execution.putCustomProperties("iteration_index", integer(iterationIndex.asLong()));
            }
            JsonNode iterationCount = field(attributes, "iteration_count", "iterationCount");
            if (iterationCount.canConvertToLong()) {
                execution.putCustomProperties("iteration_count", integer(iterationCount.asLong()));
            }
            String pod = podName(task);
            if (!pod.isEmpty()) {
                execution.putCustomProperties("pod_name", string(pod));
            }
            execution.putCustomProperties("namespace", string(row.namespace()));
            execution.putCustomProperties("task_id", string(row.taskId()));
            String fingerprint = text(task, "cache_fingerprint", "cacheFingerprint");
            if (!fingerprint.isEmpty()) {
                execution.putCustomProperties("cache_fingerprint", string(fingerprint));
            }
            Struct inputs = parameters(field(task, "inputs"));
            if (inputs != null) {
                execution.putCustomProperties("inputs", Value.newBuilder().setStructValue(inputs).build());
            }
            Struct outputs = parameters(field(task, "outputs"));
            if (outputs != null) {
                execution.putCustomProperties("outputs", Value.newBuilder().setStructValue(outputs).build());
            }
            return execution.build();
        }
    }

    /** One artifact of a task's inputs or outputs. */
    private record Link(TaskRow task, boolean output, String key, JsonNode artifact, long ownId) {
    }

    private static List<Link> links(TaskRow task) {
        List<Link> links = new ArrayList<>();
        int ordinal = 0;
        for (boolean output : new boolean[] {true, false}) {
            JsonNode io = field(task.task(), output ? "outputs" : "inputs");
            for (JsonNode group : field(io, "artifacts")) {
                String key = text(group, "artifact_key", "artifactKey");
                for (JsonNode artifact : field(group, "artifacts")) {
                    if (ordinal < ARTIFACTS_PER_EXECUTION) {
                        links.add(new Link(task, output, key, artifact,
                                task.mlmdId() * ARTIFACTS_PER_EXECUTION + ordinal));
                    }
                    ordinal++;
                }
            }
        }
        return links;
    }

    private static Artifact artifact(long id, Link link) {
        JsonNode json = link.artifact();
        ArtifactType type = ARTIFACT_TYPES.getOrDefault(text(json, "type"), ARTIFACT_TYPES.get("Artifact"));
        String name = text(json, "name");
        Artifact.Builder artifact = Artifact.newBuilder().setId(id).setTypeId(type.getId()).setType(type.getName())
                .setState(Artifact.State.LIVE)
                .putCustomProperties("display_name", string(name.isEmpty() ? link.key() : name))
                .setCreateTimeSinceEpoch(link.task().createTimeMicros() / 1000)
                .setLastUpdateTimeSinceEpoch(link.task().createTimeMicros() / 1000);
        String uri = text(json, "uri");
        if (!uri.isEmpty()) {
            artifact.setUri(uri);
        }
        String artifactId = text(json, "artifact_id", "artifactId");
        if (!artifactId.isEmpty()) {
            artifact.setExternalId(artifactId);
        }
        JsonNode metadata = field(json, "metadata");
        if (metadata.isObject()) {
            metadata.fields().forEachRemaining(entry -> artifact.putCustomProperties(entry.getKey(),
                    value(entry.getValue())));
        }
        JsonNode number = field(json, "number_value", "numberValue");
        if (number.isNumber() && !name.isEmpty()) {
            artifact.putCustomProperties(name, Value.newBuilder().setDoubleValue(number.asDouble()).build());
        }
        return artifact.build();
    }

    /** A task's parameters as KFP's driver stored them: a struct of parameter key to value; null when it has none. */
    private static Struct parameters(JsonNode io) {
        JsonNode parameters = field(io, "parameters");
        if (!parameters.isArray() || parameters.isEmpty()) {
            return null;
        }
        Struct.Builder struct = Struct.newBuilder();
        for (JsonNode parameter : parameters) {
            struct.putFields(text(parameter, "parameter_key", "parameterKey"), protobufValue(field(parameter, "value")));
        }
        return struct.build();
    }

    /** The executor's pod, else the last pod reported. */
    private static String podName(JsonNode task) {
        String name = "";
        for (JsonNode pod : field(task, "pods")) {
            String podName = text(pod, "name");
            if (!podName.isEmpty()) {
                name = podName;
                if ("EXECUTOR".equals(text(pod, "type"))) {
                    return podName;
                }
            }
        }
        return name;
    }

    /** An artifact's metadata entry: numbers, strings and booleans as such, objects and lists as structs. */
    private static Value value(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Value.newBuilder().setIntValue(node.asLong()).build();
        }
        if (node.isNumber()) {
            return Value.newBuilder().setDoubleValue(node.asDouble()).build();
        }
        if (node.isBoolean()) {
            return Value.newBuilder().setBoolValue(node.asBoolean()).build();
        }
        if (node.isObject()) {
            Struct.Builder struct = Struct.newBuilder();
            node.fields().forEachRemaining(e -> struct.putFields(e.getKey(), protobufValue(e.getValue())));
            return Value.newBuilder().setStructValue(struct).build();
        }
        return string(node.isTextual() ? node.asText() : node.toString());
    }

    private static com.google.protobuf.Value protobufValue(JsonNode node) {
        com.google.protobuf.Value.Builder value = com.google.protobuf.Value.newBuilder();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return value.setNullValue(NullValue.NULL_VALUE).build();
        }
        if (node.isNumber()) {
            return value.setNumberValue(node.asDouble()).build();
        }
        if (node.isBoolean()) {
            return value.setBoolValue(node.asBoolean()).build();
        }
        if (node.isTextual()) {
            return value.setStringValue(node.asText()).build();
        }
        if (node.isArray()) {
            ListValue.Builder list = ListValue.newBuilder();
            node.forEach(element -> list.addValues(protobufValue(element)));
            return value.setListValue(list).build();
        }
        Struct.Builder struct = Struct.newBuilder();
        node.fields().forEachRemaining(e -> struct.putFields(e.getKey(), protobufValue(e.getValue())));
        return value.setStructValue(struct).build();
    }

    private static Value string(String text) {
        return Value.newBuilder().setStringValue(text == null ? "" : text).build();
    }

    private static Value integer(long number) {
        return Value.newBuilder().setIntValue(number).build();
    }

    /** The first of these fields the object has (snake_case as the API renders, lowerCamelCase as protojson may). */
    private static JsonNode field(JsonNode node, String... names) {
        if (node != null && node.isObject()) {
            for (String name : names) {
                JsonNode value = node.get(name);
                if (value != null && !value.isNull()) {
                    return value;
                }
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String text(JsonNode node, String... names) {
        JsonNode value = field(node, names);
        return value.isValueNode() ? value.asText() : "";
    }
}
