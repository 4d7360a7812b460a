package io.runstore.command.run;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.runstore.api.task.Task;
import io.runstore.events.metric.MetricsReported;
import io.runstore.events.run.RpcStatus;
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
import io.runstore.events.task.TaskUpdated;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A pipeline run with its tasks and metrics: decides which commands are allowed and records what happened as events.
 * Every handler answers with the sequence number of the run's last event (the consistency token). Loaded through a
 * cache and from snapshots (see {@code RunAggregateConfig}); its fields are its snapshot, written as JSON. The
 * revision is the snapshot's shape: a snapshot of another revision is ignored and the run rebuilt from its events
 * (revision 3 keeps of each task only what the rules read, digests of its other fields and its event numbers; a task
 * write's answer starts from the task as last answered or its events, see {@link TaskAnswers}).
 */
@Revision("3")
@Aggregate(cache = "runCache", snapshotTriggerDefinition = "runSnapshotTrigger",
        commandTargetResolver = "commandTargetResolver")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
class Run {

    @AggregateIdentifier
    private String runId;
    private RuntimeState state;
    private RpcStatus error;
    private StorageState storageState;
    private RunTasks tasks = new RunTasks();
    private RunMetrics metrics = new RunMetrics();

    Run() {
        // for Axon: rebuilt from events or a snapshot
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    CreatedRun handle(CreateRun command) {
        apply(new RunCreated(command.runId(), command.namespace(), command.experimentId(), command.displayName(),
                command.description(), command.pipelineVersionReference(), command.pipelineSpec(),
                command.runtimeConfig(), command.serviceAccount(), command.recurringRunId(), command.pluginsInput(),
                command.createdAt(), command.createdAt()));
        return new CreatedRun(runId, sequence(), command.createdAt());
    }

    @CommandHandler
    RunWritten handle(ArchiveRun command) {
        if (!isArchived()) {
            apply(new RunArchived(runId, command.at()));
        }
        return written();
    }

    @CommandHandler
    RunWritten handle(UnarchiveRun command) {
        if (isArchived()) {
            apply(new RunUnarchived(runId, command.at()));
        }
        return written();
    }

    @CommandHandler
    RunWritten handle(TerminateRun command) {
        if (isFinished()) {
            // KFP answers INVALID_ARGUMENT here
            throw CommandRejectedException.invalidArgument(
                    "run " + runId + " is " + state + ": only a run that has not finished can be terminated");
        }
        if (state != RuntimeState.CANCELING) {
            apply(new RunTerminationRequested(runId, command.at()));
        }
        return written();
    }

    @CommandHandler
    RunWritten handle(RetryRun command) {
        if (!isRetryable()) {
            throw CommandRejectedException.aborted(
                    "run " + runId + " is " + state + ": only a FAILED or CANCELED run can be retried");
        }
        if (isArchived()) {
            throw CommandRejectedException.failedPrecondition(
                    "run " + runId + " is archived: unarchive it before retrying it");
        }
        apply(new RunRetried(runId, command.at()));
        return written();
    }

    @CommandHandler
    RunWritten handle(DeleteRun command) {
        apply(new RunDeleted(runId, command.at()));
        return written();
    }

    @CommandHandler
    RunWritten handle(ReportRunState command) {
        if (isFinished() && command.state() != state) {
            throw CommandRejectedException.failedPrecondition("run " + runId + " is " + state
                    + ": a finished run cannot become " + command.state() + " (retry it first)");
        }
        if (state == RuntimeState.CANCELING && !command.state().isTerminal()
                && command.state() != RuntimeState.CANCELING) {
            throw CommandRejectedException.failedPrecondition("run " + runId + " is CANCELING: it can only become "
                    + "SUCCEEDED, FAILED or CANCELED, not " + command.state());
        }
        if (command.state() != state || !Objects.equals(command.error(), error)) {
            apply(new RunStateReported(runId, command.state(), command.error(), command.updateTime()));
        }
        return written();
    }

    @CommandHandler
    TaskWritten handle(CreateTask command) {
        requireTasksMayChange();
        tasks.requireCreatable(runId, command.taskId(), command.task());
        apply(new TaskCreated(runId, command.taskId(), command.task(), command.at()));
        return new TaskWritten(runId, sequence(), command.taskId(),
                Task.created(runId, command.taskId(), command.task(), command.at()));
    }

    /** Answers with the task as it is now (as last answered, or its events folded), this change applied. */
    @CommandHandler
    TaskWritten handle(UpdateTask command, RecentTasks recent, StoredEvents stored) {
        requireTasksMayChange();
        tasks.requireUpdatable(runId, command.taskId(), command.changes());
        Task task = TaskAnswers.fold(runId, Map.of(command.taskId(), tasks.events(command.taskId())), recent, stored)
                .get(command.taskId());
        if (tasks.wouldChange(command.taskId(), command.changes())) {
            apply(new TaskUpdated(runId, command.taskId(), command.changes(), command.at()));
            task = task.updated(command.changes(), command.at());
        }
        return new TaskWritten(runId, sequence(), command.taskId(), task);
    }

    @CommandHandler
    TasksWritten handle(UpdateTasks command, RecentTasks recent, StoredEvents stored) {
        requireTasksMayChange();
        command.changes().forEach((taskId, changes) -> tasks.requireUpdatable(runId, taskId, changes));
        Map<String, long[]> events = new LinkedHashMap<>();
        command.changes().keySet().forEach(taskId -> events.put(taskId, tasks.events(taskId)));
        Map<String, Task> updated = TaskAnswers.fold(runId, events, recent, stored);
        command.changes().forEach((taskId, changes) -> {
            if (tasks.wouldChange(taskId, changes)) {
                apply(new TaskUpdated(runId, taskId, changes, command.at()));
                updated.put(taskId, updated.get(taskId).updated(changes, command.at()));
            }
        });
        return new TasksWritten(runId, sequence(), updated);
    }

    /**
     * A workflow report: a recurring run's first report creates the run; new nodes become tasks (parents first),
     * changed nodes task updates, a later run state a state report. Nothing that would go backwards is applied and
     * a report that says nothing new writes nothing. A finished run's tasks no longer change.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    RunWritten handle(ReportWorkflow command) {
        ReportedWorkflow workflow = command.workflow();
        if (runId == null) {
            if (workflow.recurringRunId() == null) {
                throw CommandRejectedException.notFound("run " + command.runId() + " not found");
            }
            apply(new RunCreated(command.runId(), workflow.namespace(), null, workflow.name(), null, null, null,
                    null, null, workflow.recurringRunId(), null, workflow.createdAt(), workflow.scheduledAt()));
        }
        if (!isFinished()) {
            for (ReportedWorkflow.Node node : workflow.nodes()) {
                reportNode(node, command.at());
            }
        }
        if (WorkflowStates.isLater(workflow.state(), state)) {
            apply(new RunStateReported(runId, workflow.state(), workflow.error(),
                    workflow.stateTime() == null ? command.at() : workflow.stateTime()));
        }
        return written();
    }

    private void reportNode(ReportedWorkflow.Node node, Instant at) {
        if (!tasks.contains(node.taskId())) {
            String parent = node.task().parentTaskId();
            if (parent == null || tasks.contains(parent)) {
                apply(new TaskCreated(runId, node.taskId(), node.task(), at));
            }
        } else if (!tasks.wouldGoBackwards(node.taskId(), node.task().state())
                && tasks.wouldChange(node.taskId(), node.task())) {
            apply(new TaskUpdated(runId, node.taskId(), node.task(), at));
        }
    }

    @CommandHandler
    MetricsWritten handle(ReportMetrics command) {
        RunMetrics.Decision decision = metrics.decide(command.metrics());
        if (!decision.accepted().isEmpty()) {
            apply(new MetricsReported(runId, decision.accepted(), command.at()));
        }
        return new MetricsWritten(runId, sequence(), decision.results());
    }

    private boolean isFinished() {
        return state != null && state.isTerminal();
    }

    private boolean isRetryable() {
        return state == RuntimeState.FAILED || state == RuntimeState.CANCELED;
    }

    private boolean isArchived() {
        return storageState == StorageState.ARCHIVED;
    }

    private void requireTasksMayChange() {
        if (isFinished()) {
            throw CommandRejectedException.failedPrecondition(
                    "run " + runId + " is " + state + ": the tasks of a finished run cannot change");
        }
    }

    private RunWritten written() {
        return new RunWritten(runId, sequence());
    }

    private static long sequence() {
        return AggregateLifecycle.getVersion();
    }

    @EventSourcingHandler
    void on(RunCreated event) {
        runId = event.runId();
        state = RuntimeState.PENDING;
        storageState = StorageState.AVAILABLE;
    }

    @EventSourcingHandler
    void on(RunArchived event) {
        storageState = StorageState.ARCHIVED;
    }

    @EventSourcingHandler
    void on(RunUnarchived event) {
        storageState = StorageState.AVAILABLE;
    }

    @EventSourcingHandler
    void on(RunTerminationRequested event) {
        state = RuntimeState.CANCELING;
    }

    @EventSourcingHandler
    void on(RunRetried event) {
        state = RuntimeState.PENDING;
        error = null;
        tasks.runRetried();
    }

    @EventSourcingHandler
    void on(RunDeleted event) {
        AggregateLifecycle.markDeleted();
    }

    @EventSourcingHandler
    void on(RunStateReported event) {
        state = event.state();
        error = event.error();
    }

    @EventSourcingHandler
    void on(TaskCreated event, @SequenceNumber long sequence) {
        tasks.created(event, sequence);
    }

    @EventSourcingHandler
    void on(TaskUpdated event, @SequenceNumber long sequence) {
        tasks.updated(event, sequence);
    }

    /** About the bytes of heap this run takes (the aggregate cache's weight). */
    long weight() {
        return 256 + (runId == null ? 0 : 40 + runId.length()) + tasks.weight() + metrics.weight();
    }

    @EventSourcingHandler
    void on(MetricsReported event) {
        metrics.reported(event);
    }
}
