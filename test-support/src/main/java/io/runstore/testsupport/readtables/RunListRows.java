package io.runstore.testsupport.readtables;

import io.runstore.readtables.NameKey;
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
import java.util.function.IntFunction;

import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;

/**
 * Loads what ListRuns reads, and only that, for the query side's plan tests and the query benchmark: N run_list rows
 * laid out as a {@link Layout} says, an {@code accuracy} metric on about half the runs, run_counts to match, then the
 * tables' statistics. Run {@code i} depends on its index alone (its own seeded random), so slices load in parallel.
 * JSON columns hold small values in the contract's shape (ListRuns passes them through). Unset finished_at (runs not
 * done) and scheduled_at (half the runs) are 0: large groups of ties.
 */
public final class RunListRows {

    private static final long T0 = 1_700_000_000_000_000L;
    private static final int BATCH = 500;
    private static final String[] WORDS = {"train", "eval", "sweep", "nightly", "tune", "export", "score", "adhoc"};

    private RunListRows() {
    }

    /**
     * How the runs spread: {@code experiments} experiments, experiment {@code e} in namespace {@code e % namespaces};
     * one run in {@code bigExperimentOneIn} goes to experiment 0, the others evenly to the rest; states drawn from a
     * cumulative percentage table; a tenth of the runs archived.
     *
     * @param states state names with their cumulative percentages (the last one 100)
     */
    public record Layout(int namespaces, int experiments, int bigExperimentOneIn, List<StateShare> states) {

        /** One namespace ({@code team-0}), 100 experiments, a fifth of the runs in {@code exp-00}, states mostly terminal. */
        public static final Layout ONE_NAMESPACE = new Layout(1, 100, 5, List.of(new StateShare("SUCCEEDED", 70),
                new StateShare("FAILED", 85), new StateShare("CANCELED", 90), new StateShare("RUNNING", 97),
                new StateShare("PENDING", 100)));

        public String namespace(int k) {
            return "team-" + k;
        }

        public String experiment(int e) {
            return String.format("exp-%0" + String.valueOf(experiments - 1).length() + "d", e);
        }

        /** The namespace experiment {@code e} belongs to. */
        public String namespaceOf(int e) {
            return namespace(e % namespaces);
        }

        String state(int roll) {
            return states.stream().filter(share -> roll < share.upToPercent()).findFirst().orElseThrow().state();
        }
    }

    /** A state and the cumulative percentage of runs up to and including it. */
    public record StateShare(String state, int upToPercent) {
    }

    /** Loads {@code runs} rows with {@code threads} writers; returns how long the load took (statistics excluded). */
    public static Duration load(DSLContext dsl, int runs, int threads, Layout layout) throws Exception {
        return load(dsl, runs, threads, layout, null);
    }

    /**
     * As {@link #load(DSLContext, int, int, Layout)}, run {@code i} named {@code names.apply(i)} (null: the default
     * names, a word and a number); every other column is the same either way.
     */
    public static Duration load(DSLContext dsl, int runs, int threads, Layout layout, IntFunction<String> names)
            throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Map<List<String>, Long> counts = new HashMap<>();
        try {
            List<Future<Map<List<String>, Long>>> slices = new ArrayList<>();
            int sliceSize = (runs + threads - 1) / threads;
            for (int from = 0; from < runs; from += sliceSize) {
                int start = from;
                int end = Math.min(runs, from + sliceSize);
                slices.add(pool.submit(() -> writeSlice(dsl, start, end, layout, names)));
            }
            for (Future<Map<List<String>, Long>> slice : slices) {
                slice.get().forEach((key, count) -> counts.merge(key, count, Long::sum));
            }
        } finally {
            pool.shutdown();
        }
        List<RunCountsRecord> countRows = new ArrayList<>();
        counts.forEach((key, count) -> countRows.add(new RunCountsRecord(key.get(0), key.get(1), key.get(2), key.get(3),
                count)));
        insert(dsl, RUN_COUNTS, countRows);
        NamespaceCounts.refreshAll(dsl);
        Duration loaded = Duration.ofNanos(System.nanoTime() - started);
        for (Table<?> table : List.of(RUN_LIST, RUN_METRIC, RUN_COUNTS, RUN_NAMESPACE_COUNTS)) {
            dsl.execute(dsl.dialect().family() == SQLDialect.POSTGRES ? "VACUUM ANALYZE {0}" : "ANALYZE TABLE {0}", table);
        }
        return loaded;
    }

    private static Map<List<String>, Long> writeSlice(DSLContext dsl, int from, int to, Layout layout,
                                                      IntFunction<String> names) {
        Map<List<String>, Long> counts = new HashMap<>();
        for (int batch = from; batch < to; batch += BATCH) {
            List<RunListRecord> runs = new ArrayList<>();
            List<RunMetricRecord> metrics = new ArrayList<>();
            for (int index = batch; index < Math.min(to, batch + BATCH); index++) {
                Random random = new Random(index * 7_919L);
                RunListRecord run = run(index, random, layout, names);
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

    private static RunListRecord run(int index, Random random, Layout layout, IntFunction<String> names) {
        String state = layout.state(random.nextInt(100));
        boolean terminal = !state.equals("RUNNING") && !state.equals("PENDING");
        long created = T0 + index * 1_000_000L + random.nextInt(1_000_000);
        String runId = String.format("%08x-%04x-%04x", random.nextInt(), random.nextInt(0x10000), index & 0xffff);
        int experiment = random.nextInt(layout.bigExperimentOneIn()) == 0 ? 0
                : 1 + random.nextInt(layout.experiments() - 1);
        String namespace = layout.namespaceOf(experiment);
        RunListRecord run = new RunListRecord();
        run.setRunId(runId);
        run.setNamespace(namespace);
        run.setExperimentId(layout.experiment(experiment));
        String name = WORDS[random.nextInt(WORDS.length)] + "-" + random.nextInt(1000);
        run.setDisplayName(names == null ? name : names.apply(index));
        run.setDisplayNameKey(NameKey.of(run.getDisplayName()));
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
        run.setResourceReferences("[{\"key\":{\"type\":\"NAMESPACE\",\"id\":\"" + namespace
                + "\"},\"relationship\":\"OWNER\"}]");
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
