package io.runstore.projections.fold;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.runstore.api.task.Task;
import io.runstore.events.metric.MetricsReported;
import io.runstore.events.metric.RunMetric;
import io.runstore.events.run.RunArchived;
import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RunDeleted;
import io.runstore.events.run.RunRetried;
import io.runstore.events.run.RunStateReported;
import io.runstore.events.run.RunTerminationRequested;
import io.runstore.events.run.RunUnarchived;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.run.StorageState;
import io.runstore.events.task.TaskCreated;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskUpdated;
import io.runstore.projections.fold.RunJson.Metric;
import io.runstore.projections.fold.RunJson.ResourceReference;
import io.runstore.projections.fold.RunJson.RuntimeStatus;
import io.runstore.projections.fold.RunJson.TaskSummary;
import io.runstore.readtables.EpochMicros;
import io.runstore.readtables.NameKey;
import io.runstore.readtables.schema.tables.records.MlmdObjectRecord;
import io.runstore.readtables.schema.tables.records.RunDetailRecord;
import io.runstore.readtables.schema.tables.records.RunListRecord;
import io.runstore.readtables.schema.tables.records.RunTaskRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One run's read rows while a batch is folded into them in memory: loaded once, changed by every event of the batch
 * in order, written once. Events at or below the run's version (a repeat or a stale delivery) change nothing, so a
 * row never moves backwards. JSON columns are parsed only when an event changes them.
 */
public final class RunProjection {

    private static final TypeReference<List<RuntimeStatus>> HISTORY = new TypeReference<>() {
    };
    private static final TypeReference<List<Metric>> METRICS = new TypeReference<>() {
    };

    private final String runId;
    private RunListRecord row;
    private RunDetailRecord createdDetail;
    private final Map<String, RunTaskRecord> tasks;
    private final Set<String> changedTasks = new LinkedHashSet<>();
    private final List<MlmdObjectRecord> newMlmdObjects = new ArrayList<>();
    private final RunCountKey countedAs;
    private final long loadedVersion;
    private long version;
    private boolean deleted;
    private long deletedAt;
    private boolean changed;
    private boolean metricRowsChanged;
    private List<RuntimeStatus> history;
    private List<Metric> metrics;
    private TaskSummary taskSummary;

    /**
     * @param row     the stored run_list row, or null when the run is not projected yet or was deleted
     * @param tasks   the stored run_task rows of the run that the batch updates (by task id)
     * @param version the stored version: the row's, the tombstone's after a delete, -1 for an unknown run
     */
    public RunProjection(String runId, RunListRecord row, Map<String, RunTaskRecord> tasks, long version) {
        this.runId = runId;
        this.row = row;
        this.tasks = new LinkedHashMap<>(tasks);
        this.version = version;
        this.loadedVersion = version;
        this.countedAs = row == null ? null : RunCountKey.of(row);
    }

    /** Applies the event unless the run already has it; throws when the event cannot apply to what is stored. */
    public void apply(ProjectedEvent event) {
        if (event.sequence() <= version) {
            return;
        }
        Object payload = event.payload();
        if (payload instanceof RunCreated created) {
            create(created, event.sequence());
            mlmdObject(event, "");
        } else {
            requireRow(event);
            applyToExisting(payload, event.sequence());
        }
        if (payload instanceof TaskCreated created) {
            mlmdObject(event, created.taskId());
        }
        version = event.sequence();
        if (row != null) {
            row.setVersion(version);
        }
        changed = true;
    }

    private void applyToExisting(Object payload, long sequence) {
        if (payload instanceof RunStateReported reported) {
            row.setState(reported.state().name());
            row.setError(reported.error() == null ? null : ReadModelJson.write(reported.error()));
            row.setFinishedAt(reported.state().isTerminal() ? EpochMicros.of(reported.updateTime()) : 0L);
            history().add(new RuntimeStatus(reported.updateTime(), reported.state(), reported.error()));
        } else if (payload instanceof RunTerminationRequested terminated) {
            enterState(RuntimeState.CANCELING, terminated.requestedAt());
        } else if (payload instanceof RunRetried retried) {
            enterState(RuntimeState.PENDING, retried.retriedAt());
            row.setError(null);
            row.setFinishedAt(0L);
        } else if (payload instanceof RunArchived) {
            row.setStorageState(StorageState.ARCHIVED.name());
            metricRowsChanged = true;
        } else if (payload instanceof RunUnarchived) {
            row.setStorageState(StorageState.AVAILABLE.name());
            metricRowsChanged = true;
        } else if (payload instanceof RunDeleted deletedEvent) {
            row = null;
            deleted = true;
            deletedAt = EpochMicros.of(deletedEvent.deletedAt());
            metricRowsChanged = true;
        } else if (payload instanceof TaskCreated created) {
            createTask(created, sequence);
        } else if (payload instanceof TaskUpdated updated) {
            updateTask(updated, sequence);
        } else if (payload instanceof MetricsReported reported) {
            for (RunMetric metric : reported.metrics()) {
                metrics().add(new Metric(metric.name(), metric.nodeId(), metric.numberValue(), metric.format()));
            }
            metricRowsChanged = true;
        } else {
            throw new IllegalArgumentException("the run-list projector does not know event " + payload.getClass());
        }
    }

    private void create(RunCreated event, long sequence) {
        String pipelineId = event.pipelineVersionReference() == null ? "" : orEmpty(event.pipelineVersionReference().pipelineId());
        String versionId = event.pipelineVersionReference() == null ? "" : orEmpty(event.pipelineVersionReference().pipelineVersionId());
        row = new RunListRecord();
        row.setRunId(runId);
        row.setNamespace(orEmpty(event.namespace()));
        row.setExperimentId(orEmpty(event.experimentId()));
        row.setDisplayName(event.displayName());
        row.setDescription(orEmpty(event.description()));
        row.setState(RuntimeState.PENDING.name());
        row.setStorageState(StorageState.AVAILABLE.name());
        row.setCreatedAt(EpochMicros.of(event.createdAt()));
        row.setScheduledAt(EpochMicros.of(event.scheduledAt()));
        row.setFinishedAt(0L);
        row.setRecurringRunId(orEmpty(event.recurringRunId()));
        row.setPipelineId(pipelineId);
        row.setPipelineVersionId(versionId);
        row.setServiceAccount(orEmpty(event.serviceAccount()));
        row.setTaskCount(0);
        row.setError(null);
        List<ResourceReference> references = new ArrayList<>();
        if (!row.getNamespace().isEmpty()) {
            references.add(ResourceReference.of("NAMESPACE", row.getNamespace(), "OWNER"));
        }
        if (!row.getExperimentId().isEmpty()) {
            references.add(ResourceReference.of("EXPERIMENT", row.getExperimentId(), "OWNER"));
        }
        if (!versionId.isEmpty()) {
            references.add(ResourceReference.of("PIPELINE_VERSION", versionId, "CREATOR"));
        }
        row.setResourceReferences(ReadModelJson.write(references));
        taskSummary = new TaskSummary(0, new TreeMap<>());
        metrics = new ArrayList<>();
        history = new ArrayList<>(List.of(new RuntimeStatus(event.createdAt(), RuntimeState.PENDING, null)));
        createdDetail = new RunDetailRecord(runId, jsonOrNull(event.pipelineSpec()),
                event.runtimeConfig() == null ? null : ReadModelJson.write(event.runtimeConfig()),
                jsonOrNull(event.pluginsInput()), null, sequence);
    }

    /**
     * The ML Metadata id of the run's context ({@code taskId} '') or of a task's execution: the position of the event
     * that created it (an event without a position, outside a tracking processor, gives none).
     */
    private void mlmdObject(ProjectedEvent event, String taskId) {
        if (event.position() > 0) {
            newMlmdObjects.add(new MlmdObjectRecord(event.position(), runId, taskId));
        }
    }

    private void enterState(RuntimeState state, Instant at) {
        row.setState(state.name());
        history().add(new RuntimeStatus(at, state, null));
    }

    private void createTask(TaskCreated event, long sequence) {
        if (tasks.containsKey(event.taskId())) {
            throw new IllegalStateException("task " + event.taskId() + " already exists in run " + runId);
        }
        Task task = Task.created(runId, event.taskId(), event.task(), event.createdAt());
        tasks.put(event.taskId(), taskRow(task, sequence));
        changedTasks.add(event.taskId());
        countTask(null, task.state());
    }

    private void updateTask(TaskUpdated event, long sequence) {
        RunTaskRecord stored = tasks.get(event.taskId());
        if (stored == null) {
            throw new IllegalStateException("task " + event.taskId() + " is not a task of run " + runId);
        }
        Task before = ReadModelJson.read(stored.getTask(), Task.class);
        Task after = before.updated(event.changes(), event.updatedAt());
        tasks.put(event.taskId(), taskRow(after, sequence));
        changedTasks.add(event.taskId());
        if (before.state() != after.state()) {
            countTask(before.state(), after.state());
        }
    }

    private RunTaskRecord taskRow(Task task, long sequence) {
        RunTaskRecord taskRow = new RunTaskRecord();
        taskRow.setRunId(runId);
        taskRow.setTaskId(task.taskId());
        taskRow.setNamespace(row.getNamespace());
        taskRow.setName(orEmpty(task.name()));
        taskRow.setNameKey(NameKey.of(taskRow.getName()));
        taskRow.setDisplayName(orEmpty(task.displayName()));
        taskRow.setDisplayNameKey(NameKey.of(taskRow.getDisplayName()));
        taskRow.setParentTaskId(orEmpty(task.parentTaskId()));
        taskRow.setType(task.type() == null ? "" : task.type().name());
        taskRow.setState(stateName(task.state()));
        taskRow.setCacheFingerprint(orEmpty(task.cacheFingerprint()));
        taskRow.setCreateTime(EpochMicros.of(task.createTime()));
        taskRow.setEndTime(EpochMicros.of(task.endTime()));
        taskRow.setTask(ReadModelJson.write(task));
        taskRow.setVersion(sequence);
        return taskRow;
    }

    private void countTask(TaskState from, TaskState to) {
        TaskSummary summary = taskSummary();
        TreeMap<String, Integer> byState = new TreeMap<>(summary.byState());
        int count = summary.taskCount();
        if (from == null) {
            count++;
        } else {
            byState.computeIfPresent(stateName(from), (state, n) -> n == 1 ? null : n - 1);
        }
        byState.merge(stateName(to), 1, Integer::sum);
        taskSummary = new TaskSummary(count, byState);
        row.setTaskCount(count);
    }

    private void requireRow(ProjectedEvent event) {
        if (row == null) {
            throw new IllegalStateException("run " + runId + " is " + (deleted ? "deleted" : "not projected")
                    + ": cannot apply " + event.payload().getClass().getSimpleName() + " #" + event.sequence());
        }
    }

    /** Writes the parsed JSON columns back into the row; call once, after the last event. */
    public void finish() {
        if (row == null) {
            return;
        }
        // every write folds the name again, so a key the V9 migration filled with the database's lower() is replaced
        row.setDisplayNameKey(NameKey.of(row.getDisplayName()));
        if (history != null) {
            row.setStateHistory(ReadModelJson.write(history));
        }
        if (metrics != null) {
            row.setMetrics(ReadModelJson.write(metrics));
        }
        if (taskSummary != null) {
            row.setTaskSummary(ReadModelJson.write(taskSummary));
        }
    }

    private List<RuntimeStatus> history() {
        if (history == null) {
            history = ReadModelJson.read(row.getStateHistory(), HISTORY);
        }
        return history;
    }

    private List<Metric> metrics() {
        if (metrics == null) {
            metrics = ReadModelJson.read(row.getMetrics(), METRICS);
        }
        return metrics;
    }

    private TaskSummary taskSummary() {
        if (taskSummary == null) {
            TaskSummary stored = ReadModelJson.read(row.getTaskSummary(), TaskSummary.class);
            taskSummary = new TaskSummary(stored.taskCount(), new TreeMap<>(stored.byState()));
        }
        return taskSummary;
    }

    /** The run's current metric rows: the first value reported under each name, with the run's scope. */
    public List<Metric> firstMetricPerName() {
        Map<String, Metric> first = new LinkedHashMap<>();
        for (Metric metric : metrics()) {
            first.putIfAbsent(metric.name(), metric);
        }
        return List.copyOf(first.values());
    }

    public String runId() {
        return runId;
    }

    public boolean changed() {
        return changed;
    }

    /** The run_list row after the batch; null when the run was deleted (or never created). */
    public RunListRecord row() {
        return row;
    }

    public RunDetailRecord createdDetail() {
        return row == null ? null : createdDetail;
    }

    public List<RunTaskRecord> changedTasks() {
        if (row == null) {
            return List.of();
        }
        return changedTasks.stream().map(tasks::get).toList();
    }

    /** The ML Metadata ids of the run and tasks this batch created (none when the run was deleted). */
    public List<MlmdObjectRecord> newMlmdObjects() {
        return row == null ? List.of() : newMlmdObjects;
    }

    public boolean metricRowsChanged() {
        return metricRowsChanged;
    }

    public boolean deleted() {
        return deleted;
    }

    public long deletedAt() {
        return deletedAt;
    }

    public long version() {
        return version;
    }

    /** The stored version the fold started from (-1: nothing stored). */
    public long loadedVersion() {
        return loadedVersion;
    }

    public RunCountKey countedAs() {
        return countedAs;
    }

    private static String stateName(TaskState state) {
        return state == null ? TaskState.RUNTIME_STATE_UNSPECIFIED.name() : state.name();
    }

    private static String jsonOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
