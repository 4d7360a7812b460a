package io.runstore.projections.replay;

import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.database.DatabaseFailures;
import io.runstore.projections.processing.BatchProjector;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fast replay path: reads the log in large position-ordered chunks, splits each chunk into lanes by run (a run's
 * events always go to the same lane, in order), and applies each lane's part in its own thread and transaction with
 * the projector's own batch code ({@link BatchProjector#applyLogged}: fold per run in memory, one multi-row upsert per
 * table), or a backfilled table's own writes ({@link Apply}). The lanes deserialize their own events' payloads
 * ({@link ReplaySource#unreadBetween}), which would otherwise keep the one reading thread busy while they wait. The
 * lane's position is written in the same transaction as its rows, so a replay killed at any moment continues from
 * each lane's position and applies every event once. Several chunks are in flight: the reader goes on while the
 * lanes write. Transactions are READ COMMITTED (no gap locks between lanes on InnoDB) and, on PostgreSQL, commit
 * without waiting for the WAL flush: the rows are derived, and a lost commit loses its position with it. On a
 * PostgreSQL server built with LZ4, the lanes compress the long values they write (run_detail's pipeline spec) with it
 * instead of the server's default pglz: pglz took the server about four times as long per 12 KB spec (measured here:
 * 0.2-0.3 ms a value against 0.06 ms), for some 15 % more bytes; readers decompress either.
 */
public final class Replayer {

    private static final int MAX_ATTEMPTS = 8;

    private final DSLContext dsl;
    private final DSLContext target;
    private final TransactionTemplate transactions;
    private final ReplaySource source;
    private final Apply projector;
    private final String name;
    private final int chunk;
    private final ReplayProgress progress;
    /** PostgreSQL: the statement that opens each lane's transaction, with its settings; null before the first. */
    private volatile String laneSettings;

    /** What a lane does with its events: the projector's batch, or a backfilled table's own writes. */
    @FunctionalInterface
    public interface Apply {
        void apply(DSLContext target, List<ProjectedEvent> events);
    }

    /**
     * @param dsl    the live names (the replay's state is kept there), joining {@code transactionManager}
     * @param target where the rows go: the live tables or {@link ShadowTables#mapped a shadow set}
     * @param name   the replay whose lanes this moves
     * @param chunk  events read per query
     */
    public Replayer(DSLContext dsl, DSLContext target, PlatformTransactionManager transactionManager,
                    ReplaySource source, BatchProjector projector, String name, int chunk, ReplayProgress progress) {
        this(dsl, target, transactionManager, source, (Apply) projector::applyLogged, name, chunk, progress);
    }

    /** A replay whose lanes apply their events with {@code apply} instead of the run-list projector. */
    public Replayer(DSLContext dsl, DSLContext target, PlatformTransactionManager transactionManager,
                    ReplaySource source, Apply projector, String name, int chunk, ReplayProgress progress) {
        this.dsl = dsl;
        this.target = target;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.source = source;
        this.projector = projector;
        this.name = name;
        this.chunk = chunk;
        this.progress = progress;
    }

    /** Brings every lane of the replay to {@code upTo}, the lanes writing in parallel. */
    public void runTo(long upTo) throws InterruptedException {
        long[] lanes = transactions.execute(status -> ReplayState.lanes(dsl, name, laneCount()));
        int count = lanes.length;
        long after = ReplayState.lowest(lanes);
        if (after >= upTo) {
            return;
        }
        long from = after;
        transactions.executeWithoutResult(status -> ReplayState.resumed(dsl, name, from));
        ExecutorService[] workers = new ExecutorService[count];
        for (int lane = 0; lane < count; lane++) {
            int number = lane;
            workers[lane] = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "replay-" + name + "-lane-" + number);
                thread.setDaemon(true);
                return thread;
            });
        }
        Semaphore inFlight = new Semaphore(count * 3);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try {
            while (after < upTo && failure.get() == null) {
                List<ProjectedEvent> events = source.unreadBetween(after, upTo, chunk);
                long end = events.size() < chunk ? upTo : events.get(events.size() - 1).position();
                List<List<ProjectedEvent>> split = split(events, lanes);
                AtomicInteger pending = new AtomicInteger(count);
                long chunkEvents = end - after;
                for (int lane = 0; lane < count; lane++) {
                    if (lanes[lane] >= end) {
                        if (pending.decrementAndGet() == 0) {
                            progress.applied(chunkEvents);
                        }
                        continue;
                    }
                    int number = lane;
                    List<ProjectedEvent> laneEvents = split.get(lane);
                    inFlight.acquire();
                    workers[lane].execute(() -> {
                        try {
                            if (failure.get() == null) {
                                applyWithRetries(number, ReplaySource.read(laneEvents), end);
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        } finally {
                            inFlight.release();
                            if (pending.decrementAndGet() == 0) {
                                progress.applied(chunkEvents);
                            }
                        }
                    });
                    lanes[lane] = end;
                }
                after = end;
            }
        } finally {
            for (ExecutorService worker : workers) {
                worker.shutdown();
            }
            for (ExecutorService worker : workers) {
                if (!worker.awaitTermination(1, TimeUnit.HOURS)) {
                    worker.shutdownNow();
                }
            }
        }
        Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("replay " + name + " failed: " + failed.getMessage(), failed);
        }
    }

    /**
     * Applies every event up to {@code upTo} that a lane has not applied yet, in the caller's transaction and thread,
     * and moves every lane to {@code upTo}: the last small step of a switch.
     */
    public long applyRemaining(long upTo) {
        long[] lanes = ReplayState.lanes(dsl, name, laneCount());
        long after = ReplayState.lowest(lanes);
        long applied = 0;
        while (after < upTo) {
            List<ProjectedEvent> events = source.between(after, upTo, chunk);
            long end = events.size() < chunk ? upTo : events.get(events.size() - 1).position();
            List<ProjectedEvent> missing = new ArrayList<>();
            for (List<ProjectedEvent> lane : split(events, lanes)) {
                missing.addAll(lane);
            }
            projector.apply(target, missing);
            applied += missing.size();
            after = end;
        }
        for (int lane = 0; lane < lanes.length; lane++) {
            if (lanes[lane] < upTo) {
                ReplayState.advance(dsl, name, lane, upTo);
            }
        }
        progress.applied(applied);
        return applied;
    }

    /** Commit without waiting for the WAL flush; LZ4 for long values where the server has it. */
    private String laneSettings() {
        if (laneSettings == null) {
            boolean lz4 = Boolean.TRUE.equals(dsl.fetchValue("SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
                    + "WHERE name = 'default_toast_compression'"));
            laneSettings = "SELECT set_config('synchronous_commit', 'off', true)"
                    + (lz4 ? ", set_config('default_toast_compression', 'lz4', true)" : "");
        }
        return laneSettings;
    }

    /** The lane of a run (or an experiment): its id's hash. */
    public static int laneOf(String aggregateId, int lanes) {
        return Math.floorMod(aggregateId.hashCode(), lanes);
    }

    private int laneCount() {
        return ReplayState.find(dsl, name).orElseThrow(() -> new IllegalStateException("no replay " + name))
                .lanes();
    }

    /** Each lane's events of the chunk that it has not applied yet, in position order. */
    private static List<List<ProjectedEvent>> split(List<ProjectedEvent> events, long[] lanes) {
        List<List<ProjectedEvent>> split = new ArrayList<>(lanes.length);
        for (int lane = 0; lane < lanes.length; lane++) {
            split.add(new ArrayList<>(events.size() / lanes.length + 16));
        }
        for (ProjectedEvent event : events) {
            int lane = laneOf(event.runId(), lanes.length);
            if (event.position() > lanes[lane]) {
                split.get(lane).add(event);
            }
        }
        return split;
    }

    private void applyWithRetries(int lane, List<ProjectedEvent> events, long end) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                transactions.executeWithoutResult(status -> {
                    if (dsl.dialect().family() == SQLDialect.POSTGRES) {
                        dsl.fetch(laneSettings());
                    }
                    projector.apply(target, events);
                    ReplayState.advance(dsl, name, lane, end);
                });
                return;
            } catch (RuntimeException e) {
                if (!DatabaseFailures.isTransient(e) || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(Math.min(5_000, 50L << attempt));
            }
        }
    }
}
