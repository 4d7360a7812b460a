package io.runstore.testsupport.runs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runstore.events.metric.MetricFormat;
import io.runstore.events.metric.RunMetric;
import io.runstore.events.run.RpcStatus;
import io.runstore.events.run.RuntimeConfig;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.run.StorageState;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskPod;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Generates the runs of a {@link DataShape}, each one from the seed and its index alone: run {@code i} is the same
 * whoever asks and in whatever order, so loaders can stream the data set (in parallel slices) without holding it.
 * <p>
 * Per run: 2 resource references (namespace and experiment), 20 tasks (a root DAG and 19 container steps), 0-2
 * metrics, a state history of 2-5 entries (a PENDING run has 1), a pipeline spec of 5-50 KB (median 5 KB), a compiled
 * workflow of 11-28 KB (median 17 KB) and the runtime workflow with a status node per task (about 35 KB), with KFP's
 * compressibility ({@link ManifestText}). States: 78 % SUCCEEDED, 12 % FAILED, 3 % CANCELED, 1 % SKIPPED, 4 % RUNNING, 2 %
 * PENDING; 10 % of all runs ARCHIVED (finished runs only). Runs are created over one year in index order; 3 % share
 * their creation second with the run before them, as runs started together do.
 */
public final class RunGenerator {

    public static final int TASKS_PER_RUN = 20;

    private static final long PURPOSE_RUN = 100;
    private static final Instant FIRST_CREATED = Instant.parse("2024-01-01T00:00:00Z");
    private static final long SPAN_SECONDS = Duration.ofDays(365).toSeconds();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final DataShape shape;
    private final ScopeLayout layout;

    public RunGenerator(DataShape shape) {
        this.shape = shape;
        this.layout = new ScopeLayout(shape);
    }

    public DataShape shape() {
        return shape;
    }

    public ScopeLayout layout() {
        return layout;
    }

    public Stream<GeneratedRun> runs() {
        return runs(0, shape.runs());
    }

    /** Runs {@code from} (inclusive) to {@code to} (exclusive), in index order. */
    public Stream<GeneratedRun> runs(int from, int to) {
        return IntStream.range(from, to).mapToObj(this::run);
    }

    public GeneratedRun run(int index) {
        if (index < 0 || index >= shape.runs()) {
            throw new IndexOutOfBoundsException("Run " + index + " of " + shape.runs());
        }
        SeededRandom random = new SeededRandom(shape.seed(), PURPOSE_RUN, index);
        String runId = random.uuid();
        int namespace = layout.pickNamespace(random);
        String experimentId = layout.pickExperiment(namespace, random);
        GeneratedPipeline pipeline = layout.pickPipeline(random);
        Instant createdAt = index > 0 && random.chance(0.03) ? creationSlot(index - 1) : creationSlot(index);
        String suffix = random.hex(5);
        String displayName = random.chance(0.7)
                ? "Run of " + pipeline.name() + " (" + suffix + ")"
                : pipeline.name() + "-" + random.pick(Vocabulary.WORDS) + "-" + index % 1000;
        String description = random.chance(0.5) ? ""
                : "Scheduled " + random.pick(Vocabulary.STEPS) + " of " + random.pick(Vocabulary.WORDS) + " with "
                + random.pick(Vocabulary.LIBRARIES) + ", " + random.pick(Vocabulary.WORDS) + " " + random.between(1, 500);
        RuntimeState state = pickState(random);
        boolean finished = state.isTerminal();
        StorageState storageState = finished && random.chance(0.10 / 0.94) ? StorageState.ARCHIVED : StorageState.AVAILABLE;
        Instant runningAt = createdAt.plusSeconds(random.between(5, 90));
        Instant finishedAt = finished ? runningAt.plusSeconds(random.logUniform(120, 6 * 3600)) : null;
        RpcStatus error = state == RuntimeState.FAILED ? new RpcStatus(2, random.pick(Vocabulary.FAILURES), null) : null;
        List<StateChange> history = stateHistory(random, state, createdAt, runningAt, finishedAt, error);
        ObjectNode parameters = NODES.objectNode();
        int parameterCount = random.between(2, 6);
        for (int p = 0; p < parameterCount; p++) {
            parameters.put(random.pick(Vocabulary.WORDS) + "_" + p, random.chance(0.5)
                    ? NODES.numberNode(random.between(1, 1000) / 100.0) : NODES.textNode(random.hex(6)));
        }
        RuntimeConfig runtimeConfig = new RuntimeConfig(parameters, "s3://mlpipeline/v2/artifacts/" + namespace);
        List<GeneratedTask> tasks = tasks(random, runId, state, runningAt, finishedAt);
        List<RunMetric> metrics = new ArrayList<>();
        int metricCount = finished ? random.between(0, 2) : 0;
        for (int m = 0; m < metricCount; m++) {
            String name = Vocabulary.METRICS[(random.between(0, Vocabulary.METRICS.length - 1) + m) % Vocabulary.METRICS.length];
            if (metrics.stream().noneMatch(metric -> metric.name().equals(name))) {
                boolean percentage = random.chance(0.5);
                metrics.add(new RunMetric(tasks.get(TASKS_PER_RUN - 1 - m).details().name(), name,
                        percentage ? random.between(5000, 9999) / 100.0 : random.between(1, 9999) / 10000.0,
                        percentage ? MetricFormat.PERCENTAGE : MetricFormat.RAW));
            }
        }
        int pipelineSpec = random.chance(0.55) ? random.between(5_000, 5_800) : random.logUniform(5_800, 50_000);
        // KFP's compiled workflows (its test_data): 11-28 KB, median about 17 KB; the runtime workflow adds a status
        // node per task
        int workflowSpec = random.logUniform(11_000, 28_000);
        ManifestSizes manifests = new ManifestSizes(pipelineSpec, workflowSpec,
                workflowSpec + tasks.size() * random.between(700, 1_100), random.nextLong());
        return new GeneratedRun(index, runId, ScopeLayout.namespaceName(namespace), experimentId, displayName,
                description, pipeline.name() + "-" + suffix, pipeline, runtimeConfig, "pipeline-runner", createdAt,
                createdAt, finishedAt, state, error, storageState, history, tasks, List.copyOf(metrics), manifests);
    }

    /** The creation second of run {@code index}: runs spread evenly over one year, in index order. */
    private Instant creationSlot(int index) {
        return FIRST_CREATED.plusSeconds(index * SPAN_SECONDS / shape.runs());
    }

    private static RuntimeState pickState(SeededRandom random) {
        double draw = random.nextDouble();
        if (draw < 0.78) {
            return RuntimeState.SUCCEEDED;
        }
        if (draw < 0.90) {
            return RuntimeState.FAILED;
        }
        if (draw < 0.93) {
            return RuntimeState.CANCELED;
        }
        if (draw < 0.94) {
            return RuntimeState.SKIPPED;
        }
        return draw < 0.98 ? RuntimeState.RUNNING : RuntimeState.PENDING;
    }

    private static List<StateChange> stateHistory(SeededRandom random, RuntimeState state, Instant createdAt,
                                                  Instant runningAt, Instant finishedAt, RpcStatus error) {
        List<StateChange> history = new ArrayList<>();
        history.add(new StateChange(createdAt, RuntimeState.PENDING, null));
        if (state == RuntimeState.PENDING) {
            return history;
        }
        history.add(new StateChange(runningAt, RuntimeState.RUNNING, null));
        if (state == RuntimeState.RUNNING) {
            return history;
        }
        if (state == RuntimeState.SUCCEEDED && random.chance(0.15)) {
            Instant failedAt = runningAt.plusSeconds(Duration.between(runningAt, finishedAt).toSeconds() / 2);
            history.add(new StateChange(failedAt, RuntimeState.FAILED,
                    new RpcStatus(2, random.pick(Vocabulary.FAILURES), null)));
            history.add(new StateChange(failedAt.plusSeconds(30), RuntimeState.RUNNING, null));
        } else if (state == RuntimeState.CANCELED) {
            history.add(new StateChange(finishedAt.minusSeconds(20), RuntimeState.CANCELING, null));
        }
        history.add(new StateChange(finishedAt, state, error));
        return List.copyOf(history);
    }

    private static List<GeneratedTask> tasks(SeededRandom random, String runId, RuntimeState runState, Instant start,
                                             Instant end) {
        List<GeneratedTask> tasks = new ArrayList<>(TASKS_PER_RUN);
        String rootId = random.uuid();
        int failing = runState == RuntimeState.FAILED ? random.between(1, TASKS_PER_RUN - 1) : TASKS_PER_RUN;
        int reached = runState.isTerminal() ? TASKS_PER_RUN : random.between(1, TASKS_PER_RUN - 1);
        long window = end == null ? 3600 : Math.max(TASKS_PER_RUN, Duration.between(start, end).toSeconds());
        for (int t = 0; t < TASKS_PER_RUN; t++) {
            boolean root = t == 0;
            String taskId = root ? rootId : random.uuid();
            String name = root ? "root" : Vocabulary.STEPS[(t - 1) % Vocabulary.STEPS.length] + "-" + t;
            TaskState state = taskState(random, root, t, failing, reached, runState);
            Instant created = start.plusSeconds(root ? 0 : t * window / TASKS_PER_RUN);
            Instant ended = state == TaskState.RUNNING ? null
                    : root ? end : created.plusSeconds(Math.max(1, window / TASKS_PER_RUN - 1));
            String podBase = runId.substring(0, 8) + "-" + name;
            List<TaskPod> pods = root
                    ? List.of(new TaskPod(podBase + "-driver", random.uuid(), TaskPod.PodType.DRIVER))
                    : List.of(new TaskPod(podBase + "-driver", random.uuid(), TaskPod.PodType.DRIVER),
                    new TaskPod(podBase + "-impl", random.uuid(), TaskPod.PodType.EXECUTOR));
            TaskDetails details = new TaskDetails(name, name.replace('-', ' '), root ? "" : rootId,
                    root ? TaskType.ROOT : TaskType.RUNTIME, null, state, pods, random.hex(64), created, ended, null,
                    inputOutputs(random, runId, name, false), inputOutputs(random, runId, name, true), null, null);
            tasks.add(new GeneratedTask(taskId, details));
        }
        return List.copyOf(tasks);
    }

    private static TaskState taskState(SeededRandom random, boolean root, int position, int failing, int reached,
                                       RuntimeState runState) {
        if (root) {
            return switch (runState) {
                case SUCCEEDED -> TaskState.SUCCEEDED;
                case FAILED -> TaskState.FAILED;
                case CANCELED, SKIPPED -> TaskState.SKIPPED;
                default -> TaskState.RUNNING;
            };
        }
        if (position == failing) {
            return TaskState.FAILED;
        }
        if (position > failing || position > reached) {
            return runState.isTerminal() ? TaskState.SKIPPED : TaskState.RUNNING;
        }
        return random.chance(0.3) ? TaskState.CACHED : TaskState.SUCCEEDED;
    }

    /** KFP's {@code PipelineTask.InputOutputs}: a few parameters and one artifact. */
    private static ObjectNode inputOutputs(SeededRandom random, String runId, String task, boolean outputs) {
        ObjectNode io = NODES.objectNode();
        ArrayNode parameters = io.putArray("parameters");
        int count = random.between(1, 3);
        for (int p = 0; p < count; p++) {
            ObjectNode parameter = parameters.addObject();
            parameter.put("parameter_key", random.pick(Vocabulary.WORDS) + "_" + p);
            if (random.chance(0.5)) {
                parameter.put("value", random.between(0, 100_000) / 1000.0);
            } else {
                parameter.put("value", random.pick(Vocabulary.WORDS) + "-" + random.hex(6));
            }
        }
        ArrayNode artifacts = io.putArray("artifacts");
        ObjectNode artifact = artifacts.addObject();
        String key = outputs ? "model" : "dataset";
        artifact.put("artifact_key", key);
        ObjectNode value = artifact.putArray("artifacts").addObject();
        value.put("artifact_id", random.uuid());
        value.put("name", key);
        value.put("uri", "s3://mlpipeline/v2/artifacts/" + runId + "/" + task + "/" + key);
        return io;
    }
}
