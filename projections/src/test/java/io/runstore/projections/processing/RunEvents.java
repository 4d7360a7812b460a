package io.runstore.projections.processing;

import io.runstore.events.metric.MetricFormat;
import io.runstore.events.metric.MetricsReported;
import io.runstore.events.metric.RunMetric;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RpcStatus;
import io.runstore.events.run.RunArchived;
import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RunDeleted;
import io.runstore.events.run.RunRetried;
import io.runstore.events.run.RunStateReported;
import io.runstore.events.run.RunTerminationRequested;
import io.runstore.events.run.RunUnarchived;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.task.TaskCreated;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskType;
import io.runstore.events.task.TaskUpdated;
import io.runstore.projections.fold.ProjectedEvent;

import java.time.Instant;
import java.util.List;

/**
 * Writes the events of one run with dense sequence numbers and increasing times, as the Run aggregate would.
 * Global positions come from the shared {@code log}.
 */
final class RunEvents {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** The global position counter of a test's event log: 1, 2, 3, ... as the event store numbers events. */
    static final class Log {
        private long position;

        long next() {
            return ++position;
        }
    }

    final String runId;
    private final Log log;
    private long sequence;

    RunEvents(String runId, Log log) {
        this.runId = runId;
        this.log = log;
    }

    Instant at(long sequence) {
        return T0.plusSeconds(sequence);
    }

    private ProjectedEvent next(Object payload) {
        long seq = sequence++;
        return new ProjectedEvent(runId, seq, log.next(), at(seq), payload);
    }

    private Instant now() {
        return at(sequence);
    }

    ProjectedEvent created(String namespace, String experimentId, String displayName) {
        return next(new RunCreated(runId, namespace, experimentId, displayName, "about " + displayName,
                new PipelineVersionReference("p-1", "v-1"), null, null, "runner", "", null, now(), now()));
    }

    ProjectedEvent state(RuntimeState state) {
        return next(new RunStateReported(runId, state, null, now()));
    }

    ProjectedEvent failed(String message) {
        return next(new RunStateReported(runId, RuntimeState.FAILED, new RpcStatus(2, message, null), now()));
    }

    ProjectedEvent terminated() {
        return next(new RunTerminationRequested(runId, now()));
    }

    ProjectedEvent retried() {
        return next(new RunRetried(runId, now()));
    }

    ProjectedEvent archived() {
        return next(new RunArchived(runId, now()));
    }

    ProjectedEvent unarchived() {
        return next(new RunUnarchived(runId, now()));
    }

    ProjectedEvent deleted() {
        return next(new RunDeleted(runId, now()));
    }

    ProjectedEvent taskCreated(String taskId, TaskState state, String fingerprint) {
        return next(new TaskCreated(runId, taskId, new TaskDetails("step-" + taskId, "Step " + taskId, "",
                TaskType.RUNTIME, null, state, null, fingerprint, now(), null, null, null, null, null,
                List.of("root", taskId)), now()));
    }

    ProjectedEvent taskState(String taskId, TaskState state) {
        return next(new TaskUpdated(runId, taskId, new TaskDetails(null, null, null, null, null, state, null, null,
                null, state.isFinal() ? now() : null, null, null, null, null, null), now()));
    }

    ProjectedEvent metrics(RunMetric... metrics) {
        return next(new MetricsReported(runId, List.of(metrics), now()));
    }

    static RunMetric metric(String nodeId, String name, double value) {
        return new RunMetric(nodeId, name, value, MetricFormat.RAW);
    }
}
