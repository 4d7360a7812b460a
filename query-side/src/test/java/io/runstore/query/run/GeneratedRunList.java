package io.runstore.query.run;

import io.runstore.readtables.schema.tables.records.RunCountsRecord;
import io.runstore.readtables.schema.tables.records.RunListRecord;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_LIST;

/**
 * A run_list shaped like a busy installation, with run_counts to match, then ANALYZE. 20 namespaces, 400 experiments
 * (experiment n in namespace n % 20); a quarter of the runs in {@link #BIG_EXPERIMENT}, the rest spread evenly (about
 * 90 per experiment); 10 % archived; states mostly SUCCEEDED, {@link #RARE_STATE} 2 %. Unset finished_at (runs not
 * done) and scheduled_at (half the runs) are 0: large groups of ties. Loaded by multi-row INSERTs.
 */
final class GeneratedRunList {

    static final String BIG_NAMESPACE = "ns-05";
    static final String BIG_EXPERIMENT = "exp-005";
    static final String SMALL_EXPERIMENT = "exp-017";
    static final String RARE_STATE = "SKIPPED";
    private static final long T0 = 1_700_000_000_000_000L;
    private static final int ROWS_PER_INSERT = 1_000;
    private static final String[] WORDS = {"train", "eval", "sweep", "nightly", "tune", "export", "score", "adhoc"};

    private GeneratedRunList() {
    }

    static void load(DSLContext dsl, int runs) {
        Random random = new Random(42);
        Map<List<String>, Long> counts = new TreeMap<>((a, b) -> String.join("\u0000", a)
                .compareTo(String.join("\u0000", b)));
        List<RunListRecord> rows = new ArrayList<>();
        for (int index = 0; index < runs; index++) {
            RunListRecord run = run(index, random);
            rows.add(run);
            counts.merge(List.of(run.getNamespace(), run.getExperimentId(), run.getStorageState(), run.getState()),
                    1L, Long::sum);
            if (rows.size() == ROWS_PER_INSERT) {
                insert(dsl, RUN_LIST, rows);
                rows.clear();
            }
        }
        insert(dsl, RUN_LIST, rows);
        List<RunCountsRecord> countRows = new ArrayList<>();
        counts.forEach((key, count) -> countRows.add(
                new RunCountsRecord(key.get(0), key.get(1), key.get(2), key.get(3), count)));
        insert(dsl, RUN_COUNTS, countRows);
        for (Table<?> table : List.of(RUN_LIST, RUN_COUNTS)) {
            dsl.execute(dsl.dialect().family() == SQLDialect.POSTGRES ? "ANALYZE {0}" : "ANALYZE TABLE {0}", table);
        }
    }

    private static RunListRecord run(int index, Random random) {
        int roll = random.nextInt(100);
        String state = roll < 60 ? "SUCCEEDED" : roll < 72 ? "FAILED" : roll < 82 ? "RUNNING" : roll < 90 ? "PENDING"
                : roll < 98 ? "CANCELED" : RARE_STATE;
        boolean done = !state.equals("RUNNING") && !state.equals("PENDING");
        int experiment = random.nextInt(4) == 0 ? 5 : random.nextInt(400);
        long created = T0 + index * 1_000_000L + random.nextInt(1_000_000);
        RunListRecord run = new RunListRecord();
        run.setRunId(String.format("%08x-%05d", random.nextInt(), index));
        run.setNamespace(String.format("ns-%02d", experiment % 20));
        run.setExperimentId(String.format("exp-%03d", experiment));
        run.setDisplayName(WORDS[random.nextInt(WORDS.length)] + "-" + random.nextInt(1000));
        run.setDescription("");
        run.setState(state);
        run.setStorageState(random.nextInt(10) == 0 ? "ARCHIVED" : "AVAILABLE");
        run.setCreatedAt(created);
        run.setScheduledAt(random.nextBoolean() ? created : 0L);
        run.setFinishedAt(done ? created + random.nextInt(3_600) * 1_000_000L : 0L);
        run.setRecurringRunId("");
        run.setPipelineId("p-" + random.nextInt(20));
        run.setPipelineVersionId("v-1");
        run.setServiceAccount("pipeline-runner");
        run.setTaskCount(20);
        run.setResourceReferences("[]");
        run.setTaskSummary("{\"task_count\":20,\"by_state\":{}}");
        run.setMetrics("[]");
        run.setStateHistory("[]");
        run.setVersion(3L);
        return run;
    }

    private static <R extends Record> void insert(DSLContext dsl, Table<R> table, List<? extends Record> rows) {
        if (!rows.isEmpty()) {
            dsl.insertInto(table).columns(table.fields()).valuesOfRecords(rows).execute();
        }
    }
}
