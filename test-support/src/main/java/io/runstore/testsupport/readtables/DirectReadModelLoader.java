package io.runstore.testsupport.readtables;

import io.runstore.events.metric.RunMetric;
import io.runstore.readtables.schema.tables.records.RunCountsRecord;
import io.runstore.testsupport.runs.GeneratedRun;
import io.runstore.testsupport.runs.GeneratedTask;
import io.runstore.testsupport.runs.LoadReport;
import io.runstore.testsupport.runs.RunGenerator;
import io.runstore.testsupport.runs.RunSlices;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jooq.impl.DSL;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_DETAIL;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_TASK;

/**
 * Phase one's way in: writes the rows runstore's projectors would leave (run_list, run_detail, run_task, run_metric,
 * run_counts) straight into the read tables, with jOOQ multi-row INSERTs, one transaction per batch of runs, from
 * parallel slices of the data set; then fresh statistics. The read tables' indexes exist throughout, as they do
 * under a projector.
 */
public final class DirectReadModelLoader implements ReadModelLoader {

    private static final int RUNS_PER_BATCH = 50;

    private final DSLContext dsl;

    public DirectReadModelLoader(DSLContext dsl) {
        this.dsl = dsl;
    }

    public static DirectReadModelLoader of(DataSource dataSource, SQLDialect dialect) {
        return new DirectReadModelLoader(DSL.using(dataSource, dialect));
    }

    @Override
    public LoadReport load(RunGenerator generator, int threads) throws Exception {
        Map<List<String>, LongAdder> counts = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        long[] written = RunSlices.write(generator.shape().runs(), threads,
                (from, to) -> writeSlice(generator, from, to, counts));
        List<RunCountsRecord> countRows = new ArrayList<>();
        counts.forEach((key, count) -> countRows.add(
                new RunCountsRecord(key.get(0), key.get(1), key.get(2), key.get(3), count.sum())));
        insert(dsl, RUN_COUNTS, countRows);
        NamespaceCounts.refreshAll(dsl);
        long loaded = System.nanoTime();
        analyze();
        long analyzed = System.nanoTime();
        return new LoadReport("runstore", generator.shape().runs(), written[0] + countRows.size(), written[1],
                Duration.ofNanos(loaded - started), Duration.ofNanos(analyzed - loaded));
    }

    private long[] writeSlice(RunGenerator generator, int from, int to, Map<List<String>, LongAdder> counts) {
        long rows = 0;
        long bytes = 0;
        for (int batchStart = from; batchStart < to; batchStart += RUNS_PER_BATCH) {
            List<TableRecord<?>> lists = new ArrayList<>();
            List<TableRecord<?>> details = new ArrayList<>();
            List<TableRecord<?>> tasks = new ArrayList<>();
            List<TableRecord<?>> metrics = new ArrayList<>();
            for (int index = batchStart; index < Math.min(to, batchStart + RUNS_PER_BATCH); index++) {
                GeneratedRun run = generator.run(index);
                lists.add(ReadModelRows.runList(run));
                details.add(ReadModelRows.runDetail(run));
                for (GeneratedTask task : run.tasks()) {
                    tasks.add(ReadModelRows.runTask(run, task));
                }
                for (RunMetric metric : run.metrics()) {
                    metrics.add(ReadModelRows.runMetric(run, metric));
                }
                counts.computeIfAbsent(List.of(run.namespace(), run.experimentId(), run.storageState().name(),
                        run.state().name()), key -> new LongAdder()).increment();
            }
            dsl.transaction(transaction -> {
                DSLContext tx = transaction.dsl();
                insert(tx, RUN_LIST, lists);
                insert(tx, RUN_DETAIL, details);
                insert(tx, RUN_TASK, tasks);
                insert(tx, RUN_METRIC, metrics);
            });
            for (List<TableRecord<?>> table : List.of(lists, details, tasks, metrics)) {
                rows += table.size();
                bytes += textBytes(table);
            }
        }
        return new long[]{rows, bytes};
    }

    private static <R extends Record> void insert(DSLContext dsl, Table<R> table, Collection<? extends Record> rows) {
        if (!rows.isEmpty()) {
            dsl.insertInto(table).columns(table.fields()).valuesOfRecords(rows).execute();
        }
    }

    private static long textBytes(List<TableRecord<?>> rows) {
        long bytes = 0;
        for (TableRecord<?> row : rows) {
            for (Object value : row.intoArray()) {
                if (value instanceof String text) {
                    bytes += text.length();
                }
            }
        }
        return bytes;
    }

    private void analyze() {
        List<Table<?>> tables = List.of(RUN_LIST, RUN_DETAIL, RUN_TASK, RUN_METRIC, RUN_COUNTS,
                RUN_NAMESPACE_COUNTS);
        if (dsl.dialect().family() == SQLDialect.POSTGRES) {
            tables.forEach(table -> dsl.execute("VACUUM ANALYZE {0}", table));
        } else {
            tables.forEach(table -> dsl.execute("ANALYZE TABLE {0}", table));
        }
    }
}
