package io.runstore.bench.query;

import io.runstore.readtables.schema.tables.records.RunCountsRecord;
import io.runstore.readtables.schema.tables.records.RunListRecord;
import io.runstore.readtables.schema.tables.records.RunMetricRecord;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;

/**
 * Loads what ListRuns reads, and only that: N run_list rows in one namespace (100 experiments, a fifth of the runs in exp-00, 10 % archived, states
 * mostly terminal), an {@code accuracy} metric on half the runs, and run_counts. JSON columns hold small values in the
 * contract's shape; ListRuns passes them through without reading them. Multi-row INSERTs from parallel slices.
 */
final class ListRunsRows {

    static final String NAMESPACE = "team-0";
    static final String EXPERIMENT = "exp-00";
    private static final long T0 = 1_700_000_000_000_000L;
    private static final int BATCH = 500;
    private static final String[] WORDS = {"train", "eval", "sweep", "nightly", "tune", "export", "score", "adhoc"};

    private ListRunsRows() {
    }

    /** How long the load took. */
    static Duration load(DSLContext dsl, int runs, int threads) throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Map<List<String>, Long>>> slices = new ArrayList<>();
        int sliceSize = (runs + threads - 1) / threads;
        for (int from = 0; from < runs; from += sliceSize) {
            int start = from;
            int end = Math.min(runs, from + sliceSize);
            slices.add(pool.submit(() -> writeSlice(dsl, start, end)));
        }
        Map<List<String>, Long> counts = new HashMap<>();
        for (Future<Map<List<String>, Long>> slice : slices) {
            slice.get().forEach((key, count) -> counts.merge(key, count, Long::sum));
        }
        pool.shutdown();
        List<RunCountsRecord> countRows = new ArrayList<>();
        counts.forEach((key, count) -> countRows.add(new RunCountsRecord(key.get(0), key.get(1), key.get(2), key.get(3), count)));
        insert(dsl, RUN_COUNTS, countRows);
        Duration loaded = Duration.ofNanos(System.nanoTime() - started);
        for (Table<?> table : List.of(RUN_LIST, RUN_METRIC, RUN_COUNTS)) {
            dsl.execute(dsl.dialect().family() == SQLDialect.POSTGRES ? "VACUUM ANALYZE {0}" : "ANALYZE TABLE {0}", table);
        }
        return loaded;
    }

    private static Map<List<String>, Long> writeSlice(DSLContext dsl, int from, int to) {
        Map<List<String>, Long> counts = new HashMap<>();
        for (int batch = from; batch < to; batch += BATCH) {
            List<RunListRecord> runs = new ArrayList<>();
            List<RunMetricRecord> metrics = new ArrayList<>();
            for (int index = batch; index < Math.min(to, batch + BATCH); index++) {
                Random random = new Random(index * 7_919L);
                RunListRecord run = run(index, random);
                runs.add(run);
                if (random.nextBoolean()) {
                    metrics.add(new RunMetricRecord(run.getRunId(), "accuracy", "train", random.nextInt(10_000) / 10_000.0,
                            "RAW", run.getNamespace(), run.getExperimentId(), run.getStorageState()));
                }
                counts.merge(List.of(run.getNamespace(), run.getExperimentId(), run.getStorageState(), run.getState()),
                        1L, Long::sum);
            }
            dsl.transaction(transaction -> {
                insert(transaction.dsl(), RUN_LIST, runs);
                insert(transaction.dsl(), RUN_METRIC, metrics);
            });
        }
        return counts;
    }

    private static RunListRecord run(int index, Random random) {
        int roll = random.nextInt(100);
        String state = roll < 70 ? "SUCCEEDED" : roll < 85 ? "FAILED" : roll < 90 ? "CANCELED" : roll < 97 ? "RUNNING" : "PENDING";
        boolean terminal = !state.equals("RUNNING") && !state.equals("PENDING");
        long created = T0 + index * 1_000_000L + random.nextInt(1_000_000);
        String runId = String.format("%08x-%04x-%04x", random.nextInt(), random.nextInt(0x10000), index & 0xffff);
        String experiment = random.nextInt(5) == 0 ? EXPERIMENT : String.format("exp-%02d", 1 + random.nextInt(99));
        RunListRecord run = new RunListRecord();
        run.setRunId(runId);
        run.setNamespace(NAMESPACE);
        run.setExperimentId(experiment);
        run.setDisplayName(WORDS[random.nextInt(WORDS.length)] + "-" + random.nextInt(1000));
        run.setDescription("");
        run.setState(state);
        run.setStorageState(random.nextInt(10) == 0 ? "ARCHIVED" : "AVAILABLE");
        run.setCreatedAt(created);
        run.setScheduledAt(random.nextBoolean() ? created : 0L);
        run.setFinishedAt(terminal ? created + random.nextInt(3_600) * 1_000_000L : 0L);
        run.setRecurringRunId("");
        run.setPipelineId("p-" + random.nextInt(20));
        run.setPipelineVersionId("v-1");
        run.setServiceAccount("pipeline-runner");
        run.setTaskCount(20);
        run.setError(state.equals("FAILED") ? "{\"code\":2,\"message\":\"step train failed\",\"details\":[]}" : null);
        run.setResourceReferences("[{\"key\":{\"type\":\"NAMESPACE\",\"id\":\"" + NAMESPACE + "\"},\"relationship\":\"OWNER\"}]");
        run.setTaskSummary("{\"task_count\":20,\"by_state\":{\"SUCCEEDED\":20}}");
        run.setMetrics("[]");
        run.setStateHistory("[{\"update_time\":\"2023-11-14T22:13:20Z\",\"state\":\"PENDING\"},"
                + "{\"update_time\":\"2023-11-14T22:14:20Z\",\"state\":\"" + state + "\"}]");
        run.setVersion(3L);
        return run;
    }

    private static <R extends Record> void insert(DSLContext dsl, Table<R> table, Collection<? extends Record> rows) {
        if (!rows.isEmpty()) {
            dsl.insertInto(table).columns(table.fields()).valuesOfRecords(rows).execute();
        }
    }
}
