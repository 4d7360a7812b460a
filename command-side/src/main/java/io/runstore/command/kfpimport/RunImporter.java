package io.runstore.command.kfpimport;

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
import io.runstore.eventstore.EventMetadata;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Brings one KFP run into the event log: reads what the log already holds of the run and appends, in one atomic
 * append after the run's last event, only what the KFP run says beyond it: the run's creation, the entries of its
 * state history after the last state known, new tasks and tasks whose state moved on, new metrics, a change of
 * storage state. Importing the same run again appends nothing, so an import can be repeated, and an import that was
 * stopped resumes by running again. Every event carries the metadata {@value #IMPORTED} = {@value #SOURCE}; a run
 * that was deleted here is left alone.
 */
final class RunImporter {

    static final String IMPORTED = "imported";
    static final String SOURCE = "kfp";
    private static final String AGGREGATE_TYPE = "Run";

    private final EventStorageEngine storageEngine;

    RunImporter(EventStorageEngine storageEngine) {
        this.storageEngine = storageEngine;
    }

    /** Appends what is new of {@code run}; answers the number of events appended. */
    int importRun(KfpRun run) {
        Known known = known(run.runId());
        if (known.deleted) {
            return 0;
        }
        List<Object> events = newEvents(run, known);
        if (events.isEmpty()) {
            return 0;
        }
        MetaData metaData = MetaData.with(IMPORTED, SOURCE)
                .and(EventMetadata.COMMAND_ID, "kfp-import-" + UUID.randomUUID());
        List<DomainEventMessage<?>> messages = new ArrayList<>(events.size());
        long sequence = known.lastSequence;
        for (Object event : events) {
            messages.add(new GenericDomainEventMessage<>(AGGREGATE_TYPE, run.runId(), ++sequence, event, metaData));
        }
        storageEngine.appendEvents(messages);
        return messages.size();
    }

    private static List<Object> newEvents(KfpRun run, Known known) {
        List<Object> events = new ArrayList<>();
        if (known.lastSequence < 0) {
            events.add(new RunCreated(run.runId(), run.namespace(), run.experimentId(), run.displayName(),
                    run.description(), run.pipelineVersionReference(), run.pipelineSpec(), run.runtimeConfig(),
                    run.serviceAccount(), run.recurringRunId(), null, micros(run.createdAt()),
                    micros(run.scheduledAt())));
            known.state = RuntimeState.PENDING;
            known.stateAt = run.createdAt();
            known.storageState = StorageState.AVAILABLE;
        }
        for (KfpRun.Task task : run.tasks()) {
            TaskState reported = task.details().state();
            Instant at = micros(firstNonNull(task.details().endTime(), task.details().createTime(), run.createdAt()));
            if (!known.tasks.containsKey(task.taskId())) {
                events.add(new TaskCreated(run.runId(), task.taskId(), task.details(), micros(firstNonNull(
                        task.details().createTime(), run.createdAt()))));
                known.tasks.put(task.taskId(), reported);
            } else if (reported != null && movesForward(known.tasks.get(task.taskId()), reported)) {
                events.add(new TaskUpdated(run.runId(), task.taskId(), task.details(), at));
                known.tasks.put(task.taskId(), reported);
            }
        }
        for (KfpRun.State entry : run.stateHistory()) {
            boolean notBefore = known.stateAt == null || !entry.at().isBefore(known.stateAt);
            if (notBefore && entry.state() != known.state) {
                events.add(new RunStateReported(run.runId(), entry.state(), entry.error(), micros(entry.at())));
                known.state = entry.state();
                known.stateAt = entry.at();
            }
        }
        List<RunMetric> metrics = run.metrics().stream()
                .filter(metric -> !known.metrics.contains(metric.nodeId() + "\u0000" + metric.name())).toList();
        if (!metrics.isEmpty()) {
            events.add(new MetricsReported(run.runId(), metrics, micros(run.metricsAt())));
        }
        if (run.storageState() != known.storageState) {
            events.add(run.storageState() == StorageState.ARCHIVED
                    ? new RunArchived(run.runId(), micros(run.archivedAt()))
                    : new RunUnarchived(run.runId(), micros(Instant.now())));
        }
        return events;
    }

    private static boolean movesForward(TaskState from, TaskState to) {
        if (from == to) {
            return false;
        }
        if (from == null || from == TaskState.RUNTIME_STATE_UNSPECIFIED) {
            return true;
        }
        return !from.isFinal() && to.isFinal();
    }

    /** What the event log holds of the run, as far as the import needs to know it. */
    private Known known(String runId) {
        Known known = new Known();
        storageEngine.readEvents(runId).asStream().forEach(message -> {
            known.lastSequence = message.getSequenceNumber();
            Object event = message.getPayload();
            if (event instanceof RunCreated created) {
                known.state = RuntimeState.PENDING;
                known.stateAt = created.createdAt();
                known.storageState = StorageState.AVAILABLE;
            } else if (event instanceof RunStateReported reported) {
                known.state = reported.state();
                known.stateAt = reported.updateTime();
            } else if (event instanceof RunTerminationRequested) {
                known.state = RuntimeState.CANCELING;
            } else if (event instanceof RunRetried) {
                known.state = RuntimeState.PENDING;
            } else if (event instanceof RunArchived) {
                known.storageState = StorageState.ARCHIVED;
            } else if (event instanceof RunUnarchived) {
                known.storageState = StorageState.AVAILABLE;
            } else if (event instanceof RunDeleted) {
                known.deleted = true;
            } else if (event instanceof TaskCreated created) {
                known.tasks.put(created.taskId(), created.task().state());
            } else if (event instanceof TaskUpdated updated && updated.changes().state() != null) {
                known.tasks.put(updated.taskId(), updated.changes().state());
            } else if (event instanceof MetricsReported reported) {
                reported.metrics().forEach(metric -> known.metrics.add(metric.nodeId() + "\u0000" + metric.name()));
            }
        });
        return known;
    }

    private static final class Known {
        long lastSequence = -1;
        boolean deleted;
        RuntimeState state;
        Instant stateAt;
        StorageState storageState;
        final Map<String, TaskState> tasks = new HashMap<>();
        final Set<String> metrics = new HashSet<>();
    }

    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

}
