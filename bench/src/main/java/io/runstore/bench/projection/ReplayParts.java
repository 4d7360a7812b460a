package io.runstore.bench.projection;

import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.projections.fold.RunProjection;
import io.runstore.projections.processing.RunListProjector;
import io.runstore.projections.replay.ReplayProgress;
import io.runstore.projections.replay.ReplaySource;
import io.runstore.projections.replay.ReplayState;
import io.runstore.projections.replay.Replayer;
import io.runstore.projections.replay.ShadowTables;
import io.runstore.projections.write.ReadTables;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A rebuild taken apart, on the same log and with the same lanes and chunks, to tell where its limit is:
 * <ul>
 *   <li>{@link #read}: the {@link Replayer} with lanes that apply nothing: reading the log in chunks and each lane
 *   deserializing its events' payloads (and committing its position per chunk, as a rebuild's lanes do);</li>
 *   <li>{@link #fold}: the same, each lane folding its runs' events in memory ({@link RunProjection}, one per run for
 *   the whole log, never loaded or written);</li>
 *   <li>{@link #write}: the runs {@link #fold} built, written into an empty shadow set (primary keys only, as in a
 *   rebuild's first phase) by as many threads as lanes, each with the projector's own writes
 *   ({@link ReadTables#writeRows}) in transactions of {@code runsPerTransaction} runs, then dropped. Each run is
 *   written once, where a rebuild writes a run again in every chunk that holds some of its events.</li>
 * </ul>
 */
final class ReplayParts {

    /** Seconds and JVM CPU seconds of a part. */
    record Part(String name, double seconds, double jvmCpuSeconds, long startedMillis, long endedMillis) {
    }

    private final DSLContext dsl;
    private final PlatformTransactionManager transactionManager;
    private final ReplaySource source;
    private final int lanes;
    private final int chunk;
    private final Map<String, RunProjection> runs = new ConcurrentHashMap<>();

    ReplayParts(DSLContext dsl, PlatformTransactionManager transactionManager, ReplaySource source, int lanes,
                int chunk) {
        this.dsl = dsl;
        this.transactionManager = transactionManager;
        this.source = source;
        this.lanes = lanes;
        this.chunk = chunk;
    }

    Part read(long head) throws Exception {
        return timed("read + deserialize", () -> replay("bench-read", head, (target, events) -> {
        }));
    }

    Part fold(long head) throws Exception {
        runs.clear();
        return timed("read + deserialize + fold", () -> replay("bench-fold", head, (target, events) -> {
            for (ProjectedEvent event : events) {
                if (RunListProjector.isRunEvent(event.payload().getClass())) {
                    runs.computeIfAbsent(event.runId(), runId -> new RunProjection(runId, null, Map.of(), -1))
                            .apply(event);
                }
            }
        }));
    }

    /** The runs of the last {@link #fold}. */
    int foldedRuns() {
        return runs.size();
    }

    Part write(int runsPerTransaction) throws Exception {
        ShadowTables.create(dsl, ShadowTables.NEXT);
        try {
            DSLContext shadow = ShadowTables.mapped(dsl, ShadowTables.NEXT);
            List<List<RunProjection>> byLane = new ArrayList<>();
            for (int lane = 0; lane < lanes; lane++) {
                byLane.add(new ArrayList<>());
            }
            runs.values().forEach(run -> byLane.get(Replayer.laneOf(run.runId(), lanes)).add(run));
            TransactionTemplate transactions = new TransactionTemplate(transactionManager);
            transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
            ExecutorService threads = Executors.newFixedThreadPool(lanes);
            try {
                return timed("write folded rows", () -> {
                    List<Future<?>> done = new ArrayList<>();
                    for (List<RunProjection> laneRuns : byLane) {
                        done.add(threads.submit(() -> {
                            for (int from = 0; from < laneRuns.size(); from += runsPerTransaction) {
                                List<RunProjection> batch = laneRuns.subList(from,
                                        Math.min(laneRuns.size(), from + runsPerTransaction));
                                transactions.executeWithoutResult(status -> {
                                    if (dsl.dialect().family() == SQLDialect.POSTGRES) {
                                        dsl.fetch("SELECT set_config('synchronous_commit', 'off', true)");
                                    }
                                    ReadTables.writeCounts(shadow, ReadTables.writeRows(shadow, batch));
                                });
                            }
                            return null;
                        }));
                    }
                    for (Future<?> each : done) {
                        each.get();
                    }
                });
            } finally {
                threads.shutdown();
            }
        } finally {
            ShadowTables.drop(dsl, ShadowTables.NEXT);
        }
    }

    private void replay(String name, long head, Replayer.Apply apply) throws InterruptedException {
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        transactions.executeWithoutResult(status -> {
            ReplayState.finish(dsl, name);
            ReplayState.start(dsl, name, lanes, 0, head);
        });
        new Replayer(dsl, dsl, transactionManager, source, apply, name, chunk, new ReplayProgress()).runTo(head);
        transactions.executeWithoutResult(status -> ReplayState.finish(dsl, name));
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static Part timed(String name, Work work) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long startedMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        work.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Part(name, seconds, (os.getProcessCpuTime() - cpu) / 1e9, startedMillis,
                System.currentTimeMillis());
    }
}
