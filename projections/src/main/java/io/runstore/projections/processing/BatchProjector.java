package io.runstore.projections.processing;

import io.runstore.database.DatabaseFailures;
import io.runstore.projections.experiment.ExperimentRows;
import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.projections.fold.RunCountKey;
import io.runstore.projections.fold.RunProjection;
import io.runstore.projections.write.ReadTables;
import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies a batch of events to the read tables in the caller's transaction: groups them by run, loads the batch's
 * runs with one SELECT per table, folds each run's events in memory, writes with one multi-row statement per table.
 *
 * <p>Failures, none of them tried again here (no pause, no second attempt inside the caller's transaction, whose
 * locks, on InnoDB even those of a statement rolled back to a savepoint, other segments may be waiting for):
 * <ul>
 *   <li>A run whose fold fails has the event that failed and its later events of the batch parked in
 *   {@code projection_dead_letter} at once, with the reason; its events before that one are applied.</li>
 *   <li>A transient database failure (lost connection, deadlock, timeout: {@link DatabaseFailures}) propagates, so
 *   the processor rolls back the whole batch with its position and tries it again after its backoff, outside any
 *   transaction.</li>
 *   <li>A write the database rejects otherwise (a value a column cannot hold) rolls the batch back to its savepoint;
 *   the batch is then written run by run, each once in its own savepoint, and a run that fails has its events of the
 *   batch parked. The counters of the runs that were written are added up and written once, after them, in key
 *   order, as a whole batch's are: two segments never lock counter rows in opposite orders.</li>
 * </ul>
 * A run with a parked event parks all its later events too, so its rows never skip one.
 */
public final class BatchProjector {

    /** What a batch did. */
    public record Result(int applied, int parked) {

        Result plus(Result other) {
            return new Result(applied + other.applied, parked + other.parked);
        }
    }

    /** The result of writing some runs' rows, with the counter changes that are still to be written. */
    private record Projected(Result result, Map<RunCountKey, Long> counts) {
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
        try {
            return dsl.transactionResult(savepoint -> {
                Projected batch = project(savepoint.dsl(), byRun);
                ReadTables.writeCounts(savepoint.dsl(), batch.counts());
                return batch.result();
            });
        } catch (RuntimeException e) {
            rethrowIfTransient(e);
            return isolateRuns(dsl, byRun);
        }
    }

    /** Writes the batch run by run, each once; parks the runs the database rejects. */
    private static Result isolateRuns(DSLContext dsl, Map<String, List<ProjectedEvent>> byRun) {
        Result result = new Result(0, 0);
        Map<RunCountKey, Long> counts = new TreeMap<>();
        for (Map.Entry<String, List<ProjectedEvent>> run : byRun.entrySet()) {
            try {
                Projected written = dsl.transactionResult(savepoint -> project(savepoint.dsl(),
                        Map.of(run.getKey(), run.getValue())));
                written.counts().forEach((key, delta) -> counts.merge(key, delta, Long::sum));
                result = result.plus(written.result());
            } catch (RuntimeException e) {
                rethrowIfTransient(e);
                DeadLetters.park(dsl, run.getValue(), reason(e));
                result = result.plus(new Result(0, run.getValue().size()));
            }
        }
        ReadTables.writeCounts(dsl, counts);
        return result;
    }

    /** Folds and writes the runs' rows; a run whose fold fails is parked from the failing event on. */
    private static Projected project(DSLContext dsl, Map<String, List<ProjectedEvent>> byRun) {
        Set<String> blocked = DeadLetters.blockedRuns(dsl, byRun.keySet());
        Map<String, RunProjection> runs = ReadTables.load(dsl, byRun);
        Map<String, List<ProjectedEvent>> prefixes = new LinkedHashMap<>();
        int applied = 0;
        int parked = 0;
        for (Map.Entry<String, List<ProjectedEvent>> run : byRun.entrySet()) {
            List<ProjectedEvent> runEvents = run.getValue();
            if (blocked.contains(run.getKey())) {
                DeadLetters.park(dsl, runEvents, "parked behind an earlier dead letter of run " + run.getKey());
                runs.remove(run.getKey());
                parked += runEvents.size();
                continue;
            }
            RunProjection projection = runs.get(run.getKey());
            for (int i = 0; i < runEvents.size(); i++) {
                try {
                    projection.apply(runEvents.get(i));
                } catch (RuntimeException e) {
                    DeadLetters.park(dsl, runEvents.subList(i, runEvents.size()), reason(e));
                    parked += runEvents.size() - i;
                    runs.remove(run.getKey());
                    if (i > 0) {
                        prefixes.put(run.getKey(), runEvents.subList(0, i));
                    }
                    break;
                }
                applied++;
            }
        }
        // a fold that failed may have left its run half-changed: the events before the failing one are folded anew
        if (!prefixes.isEmpty()) {
            Map<String, RunProjection> reloaded = ReadTables.load(dsl, prefixes);
            prefixes.forEach((runId, before) -> before.forEach(reloaded.get(runId)::apply));
            runs.putAll(reloaded);
        }
        Map<RunCountKey, Long> counts = ReadTables.writeRows(dsl, new ArrayList<>(runs.values()));
        return new Projected(new Result(applied, parked), counts);
    }

    private static void rethrowIfTransient(RuntimeException e) {
        if (DatabaseFailures.isTransient(e)) {
            throw e;
        }
    }

    private static String reason(Throwable failure) {
        StringBuilder reason = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!reason.isEmpty()) {
                reason.append(" <- ");
            }
            reason.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return reason.toString();
    }
}
