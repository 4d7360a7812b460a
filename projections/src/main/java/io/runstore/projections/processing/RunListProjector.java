package io.runstore.projections.processing;

import io.runstore.events.metric.MetricsReported;
import io.runstore.events.run.RunArchived;
import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RunDeleted;
import io.runstore.events.run.RunRetried;
import io.runstore.events.run.RunStateReported;
import io.runstore.events.run.RunTerminationRequested;
import io.runstore.events.run.RunUnarchived;
import io.runstore.events.task.TaskCreated;
import io.runstore.events.task.TaskUpdated;
import io.runstore.projections.experiment.ExperimentRows;
import io.runstore.projections.fold.ProjectedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Projects every event of a run into the read tables, a batch at a time. It runs in the {@value #PROCESSING_GROUP}
 * pooled streaming processor, which hands it up to {@code runstore.projection.batch-size} events in one unit of work
 * and one transaction. Each event only joins a buffer kept on the unit of work; when the unit of work prepares to
 * commit, {@link BatchProjector} folds the buffer per run and writes it with one statement per table, on the
 * Spring-managed {@link DSLContext}, so the rows commit together with the processor's position (a batch applies
 * exactly once in effect). Per-event handlers would cost several statements per event; the batch costs a fixed
 * handful of statements, which is what makes replays and bursts fast.
 *
 * <p>Why not Axon's own pieces: a dead-letter queue ({@code JdbcSequencedDeadLetterQueue}) decides per event, inside
 * Axon's invocation, while a batch here only fails when it is written, for all its runs at once; isolating the
 * failing run has to happen where the batch is written ({@link BatchProjector}), so the parked events go to our own
 * {@code projection_dead_letter} table (reason and global position; the event itself stays in the log).
 * The processor's sequencing policy (per aggregate, Axon's default) keeps every run in one segment, so no two
 * segments ever write the same run's rows; only {@code run_counts} rows are shared, updated by increments.
 */
@Component
@Profile("projector")
@ProcessingGroup(RunListProjector.PROCESSING_GROUP)
public class RunListProjector {

    public static final String PROCESSING_GROUP = "run-list";

    private static final String BUFFER = RunListProjector.class.getName() + ".buffer";
    private static final String GATE = RunListProjector.class.getName() + ".gate";
    private static final Set<Class<?>> PROJECTED = Set.of(RunCreated.class, RunStateReported.class,
            RunTerminationRequested.class, RunRetried.class, RunArchived.class, RunUnarchived.class, RunDeleted.class,
            TaskCreated.class, TaskUpdated.class, MetricsReported.class);

    private final DSLContext dsl;
    private final BatchProjector batches;
    private final ProjectionProgress progress;

    public RunListProjector(DSLContext dsl, BatchProjector batches, ProjectionProgress progress) {
        this.dsl = dsl;
        this.batches = batches;
        this.progress = progress;
    }

    /** Whether the run-list projection applies events of this type (experiment events included). */
    public static boolean projects(Class<?> eventType) {
        return PROJECTED.contains(eventType) || ExperimentRows.EVENTS.contains(eventType);
    }

    /** Whether the event goes into run rows (a batch); the other projected events are experiments'. */
    public static boolean isRunEvent(Class<?> eventType) {
        return PROJECTED.contains(eventType);
    }

    @EventHandler
    void on(Object payload, DomainEventMessage<?> message) {
        if (!projects(payload.getClass())) {
            return;
        }
        passGate();
        if (ExperimentRows.EVENTS.contains(payload.getClass())) {
            // experiments change rarely: written at once, in the same transaction as the batch and the position
            ExperimentRows.apply(dsl, message.getSequenceNumber(), payload);
            return;
        }
        long position = message instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
                ? tracked.trackingToken().position().orElse(-1L) : -1L;
        buffer().add(new ProjectedEvent(message.getAggregateIdentifier(), message.getSequenceNumber(), position,
                message.getTimestamp(), payload));
    }

    /** Once per batch, before its first write: a rebuild's switch may hold the gate ({@link ProjectionGate}). */
    private void passGate() {
        CurrentUnitOfWork.get().root().getOrComputeResource(GATE, key -> {
            ProjectionGate.pass(dsl, PROCESSING_GROUP);
            return Boolean.TRUE;
        });
    }

    private List<ProjectedEvent> buffer() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(BUFFER, key -> {
            List<ProjectedEvent> events = new ArrayList<>();
            BatchProjector.Result[] result = new BatchProjector.Result[1];
            root.onPrepareCommit(unitOfWork -> result[0] = batches.apply(dsl, events));
            root.afterCommit(unitOfWork -> progress.committed(events, result[0]));
            return events;
        });
    }
}
