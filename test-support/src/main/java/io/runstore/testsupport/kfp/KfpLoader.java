package io.runstore.testsupport.kfp;

import io.runstore.testsupport.runs.GeneratedRun;
import io.runstore.testsupport.runs.LoadReport;
import io.runstore.testsupport.runs.RunGenerator;
import io.runstore.testsupport.runs.RunSlices;
import io.runstore.testsupport.runs.ScopeLayout;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Bulk-loads generated runs into KFP's normalized tables: tables with their primary keys first, then batched inserts
 * (the drivers rewrite each batch into multi-row INSERTs) from parallel slices of the data set, one transaction per
 * batch, then KFP's secondary indexes and fresh statistics. Foreign keys are left out: no read uses them.
 */
public final class KfpLoader {

    private static final int RUNS_PER_BATCH = 20;
    /** 2020-01-01: before every generated run. */
    private static final long EXPERIMENTS_CREATED_AT = 1_577_836_800L;

    private final DataSource dataSource;
    private final KfpSql sql;

    public KfpLoader(DataSource dataSource, KfpSql sql) {
        this.dataSource = dataSource;
        this.sql = sql;
    }

    public LoadReport load(RunGenerator generator, int threads) throws Exception {
        execute(sql.createTables());
        long started = System.nanoTime();
        long[] counts = RunSlices.write(generator.shape().runs(), threads, (from, to) -> writeSlice(generator, from, to));
        writeExperiments(generator.layout());
        long written = System.nanoTime();
        execute(sql.createIndexes());
        execute(sql.analyzeTables());
        long indexed = System.nanoTime();
        return new LoadReport("KFP", generator.shape().runs(), counts[0], counts[1],
                Duration.ofNanos(written - started), Duration.ofNanos(indexed - written));
    }

    /**
     * A new run in KFP, as a run created while an import follows KFP: a copy of another run's row (not its tasks or
     * references) under a new id, created at {@code createdAtInSec}.
     */
    public void copyRun(String fromRunId, String newRunId, long createdAtInSec) throws SQLException {
        String columns = KfpColumns.RUN_DETAILS.stream().map(sql::quote).collect(Collectors.joining(", "));
        String values = KfpColumns.RUN_DETAILS.stream()
                .map(column -> column.equals("UUID") ? "?" : column.equals("CreatedAtInSec") ? "?" : sql.quote(column))
                .collect(Collectors.joining(", "));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement copy = connection.prepareStatement("INSERT INTO run_details (" + columns + ") SELECT "
                     + values + " FROM run_details WHERE " + sql.quote("UUID") + " = ?")) {
            int parameter = 1;
            for (String column : KfpColumns.RUN_DETAILS) {
                if (column.equals("UUID")) {
                    copy.setString(parameter++, newRunId);
                } else if (column.equals("CreatedAtInSec")) {
                    copy.setLong(parameter++, createdAtInSec);
                }
            }
            copy.setString(parameter, fromRunId);
            if (copy.executeUpdate() != 1) {
                throw new IllegalArgumentException("no KFP run " + fromRunId + " to copy");
            }
        }
    }

    /** The experiments the runs belong to, each named for its namespace and place, available. */
    private void writeExperiments(ScopeLayout layout) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement experiments = connection.prepareStatement(
                     sql.insert("experiments", KfpColumns.EXPERIMENTS))) {
            for (int namespace = 0; namespace < layout.namespaceCount(); namespace++) {
                List<String> ids = layout.experiments(namespace);
                for (int e = 0; e < ids.size(); e++) {
                    add(experiments, new Object[]{ids.get(e), "experiment " + (e + 1), "", EXPERIMENTS_CREATED_AT + e,
                            ScopeLayout.namespaceName(namespace), "AVAILABLE", 0L});
                }
            }
            experiments.executeBatch();
        }
    }

    private long[] writeSlice(RunGenerator generator, int from, int to) throws SQLException {
        long rows = 0;
        long bytes = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement runs = connection.prepareStatement(sql.insert("run_details", KfpColumns.RUN_DETAILS));
             PreparedStatement references = connection.prepareStatement(
                     sql.insert("resource_references", KfpColumns.RESOURCE_REFERENCES));
             PreparedStatement tasks = connection.prepareStatement(sql.insert("tasks", KfpColumns.TASKS));
             PreparedStatement metrics = connection.prepareStatement(sql.insert("run_metrics", KfpColumns.RUN_METRICS))) {
            connection.setAutoCommit(false);
            int batched = 0;
            for (int index = from; index < to; index++) {
                GeneratedRun run = generator.run(index);
                bytes += add(runs, KfpRows.runDetails(run));
                rows++;
                for (Object[] row : KfpRows.resourceReferences(run)) {
                    bytes += add(references, row);
                    rows++;
                }
                for (Object[] row : KfpRows.tasks(run)) {
                    bytes += add(tasks, row);
                    rows++;
                }
                for (Object[] row : KfpRows.runMetrics(run)) {
                    bytes += add(metrics, row);
                    rows++;
                }
                if (++batched == RUNS_PER_BATCH || index == to - 1) {
                    runs.executeBatch();
                    references.executeBatch();
                    tasks.executeBatch();
                    metrics.executeBatch();
                    connection.commit();
                    batched = 0;
                }
            }
        }
        return new long[]{rows, bytes};
    }

    private static long add(PreparedStatement statement, Object[] row) throws SQLException {
        long bytes = 0;
        for (int i = 0; i < row.length; i++) {
            statement.setObject(i + 1, row[i]);
            if (row[i] instanceof String text) {
                bytes += text.length();
            }
        }
        statement.addBatch();
        return bytes;
    }

    private void execute(List<String> statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String each : statements) {
                statement.execute(each);
            }
        }
    }
}
