package io.runstore.projections.processing;

import io.runstore.database.DatabaseFailures;
import io.runstore.projections.experiment.ExperimentRows;
import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.projections.fold.RunProjection;
import io.runstore.projections.write.ReadTables;
import org.jooq.DSLContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a batch of events to the read tables in the caller's transaction: groups them by run, loads the batch's
 * runs with one SELECT per table, folds each run's events in memory, writes with one multi-row statement per table.
 *
 * <p>Failures: a transient database failure (lost connection, deadlock, serialization failure) propagates, so the
 * processor rolls back the whole batch with its position and retries it with backoff. Any other failure is retried
 * here {@code maxAttempts} times with doubling backoff, each attempt inside a savepoint. When it keeps failing the
 * batch is applied run by run, each in its own savepoint: a run that fails has the event that failed (and the run's
 * later events) parked in {@code projection_dead_letter} with the reason, and every other run goes on. A run with a
 * parked event parks all its later events too, so its rows never skip one.
 */
public final class BatchProjector {

    private final int maxAttempts;
    private final Duration backoff;

    public BatchProjector(int maxAttempts, Duration backoff) {
        this.maxAttempts = Math.max(1, maxAttempts);
        this.backoff = backoff;
    }

    /** What a batch did. */
    public record Result(int applied, int parked) {
    }

    /**
     * Applies events of the log as the live projector applies them, for a replay: experiment events one statement
     * each ({@link ExperimentRows}), run events as one batch ({@link #apply}), any other event ignored.
     */
    public Result applyLogged(DSLContext dsl, List<ProjectedEvent> events) {
        List<ProjectedEvent> runEvents = new ArrayList<>(events.size());
        for (ProjectedEvent event : events) {
            Class<?> type = event.payload().getClass();
            if (RunListProjector.isRunEvent(type)) {
                runEvents.add(event);
            } else if (ExperimentRows.EVENTS.contains(type)) {
                ExperimentRows.apply(dsl, event.sequence(), event.payload());
            }
        }
        return apply(dsl, runEvents);
    }

    public Result apply(DSLContext dsl, List<ProjectedEvent> events) {
        if (events.isEmpty()) {
            return new Result(0, 0);
        }
        Map<String, List<ProjectedEvent>> byRun = ReadTables.byRun(events);
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                return dsl.transactionResult(savepoint -> project(savepoint.dsl(), byRun));
            } catch (RuntimeException e) {
                rethrowIfTransient(e);
                failure = e;
                if (attempt < maxAttempts) {
                    pause(backoff.multipliedBy(1L << (attempt - 1)));
                }
            }
        }
        return isolateRuns(dsl, byRun, failure);
    }

    private Result isolateRuns(DSLContext dsl, Map<String, List<ProjectedEvent>> byRun, RuntimeException failure) {
        int applied = 0;
        int parked = 0;
        for (Map.Entry<String, List<ProjectedEvent>> run : byRun.entrySet()) {
            List<ProjectedEvent> runEvents = run.getValue();
            try {
                applied += dsl.transactionResult(savepoint -> project(savepoint.dsl(), Map.of(run.getKey(), runEvents)))
                        .applied();
                continue;
            } catch (RuntimeException e) {
                rethrowIfTransient(e);
                failure = e;
            }
            List<ProjectedEvent> poisoned = runEvents;
            if (failure instanceof EventFailed failed) {
                int at = runEvents.indexOf(failed.event);
                List<ProjectedEvent> before = runEvents.subList(0, at);
                int appliedBefore = applyPrefix(dsl, run.getKey(), before);
                applied += appliedBefore;
                poisoned = appliedBefore == before.size() ? runEvents.subList(at, runEvents.size()) : runEvents;
            }
            DeadLetters.park(dsl, poisoned, reason(failure));
            parked += poisoned.size();
        }
        return new Result(applied, parked);
    }

    /** Applies the events of one run before its failing event; 0 when they fail too (then all are parked). */
    private static int applyPrefix(DSLContext dsl, String runId, List<ProjectedEvent> before) {
        if (before.isEmpty()) {
            return 0;
        }
        try {
            return dsl.transactionResult(savepoint -> project(savepoint.dsl(), Map.of(runId, before))).applied();
        } catch (RuntimeException e) {
            rethrowIfTransient(e);
            return 0;
        }
    }

    private static Result project(DSLContext dsl, Map<String, List<ProjectedEvent>> byRun) {
        Set<String> blocked = DeadLetters.blockedRuns(dsl, byRun.keySet());
        Map<String, RunProjection> runs = ReadTables.load(dsl, byRun);
        int applied = 0;
        int parked = 0;
        for (Map.Entry<String, List<ProjectedEvent>> run : byRun.entrySet()) {
            if (blocked.contains(run.getKey())) {
                DeadLetters.park(dsl, run.getValue(), "parked behind an earlier dead letter of run " + run.getKey());
                parked += run.getValue().size();
                continue;
            }
            RunProjection projection = runs.get(run.getKey());
            for (ProjectedEvent event : run.getValue()) {
                try {
                    projection.apply(event);
                } catch (RuntimeException e) {
                    throw new EventFailed(event, e);
                }
                applied++;
            }
        }
        ReadTables.write(dsl, new ArrayList<>(runs.values()));
        return new Result(applied, parked);
    }

    private static void rethrowIfTransient(RuntimeException e) {
        if (DatabaseFailures.isTransient(e)) {
            throw e;
        }
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof EventFailed ? failure.getCause() : failure;
        StringBuilder reason = new StringBuilder();
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!reason.isEmpty()) {
                reason.append(" <- ");
            }
            reason.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return reason.toString();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off a failed projection batch", e);
        }
    }

    /** The event whose fold failed: the first one of its run that cannot be applied. */
    private static final class EventFailed extends RuntimeException {

        final transient ProjectedEvent event;

        EventFailed(ProjectedEvent event, RuntimeException cause) {
            super("event " + event.payload().getClass().getSimpleName() + " #" + event.sequence() + " of run "
                    + event.runId() + " failed: " + cause.getMessage(), cause);
            this.event = event;
        }
    }
}
