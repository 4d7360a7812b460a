package io.runstore.bench.command;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.bench.report.MachineInfo;
import io.runstore.bench.report.MarkdownTable;
import io.runstore.command.kfpimport.KfpImport;
import io.runstore.events.EventJson;
import io.runstore.eventstore.EventStoreSchema;
import io.runstore.eventstore.JooqEventStorageEngine;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import io.runstore.testsupport.kfp.KfpLoader;
import io.runstore.testsupport.kfp.KfpSql;
import io.runstore.testsupport.runs.DataShape;
import io.runstore.testsupport.runs.LoadReport;
import io.runstore.testsupport.runs.RunGenerator;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Importing a KFP database into the event log ({@link KfpImport}, as {@code runstore import} runs it): a generated
 * KFP database of {@code bench.import.runs} runs (default 2,000) with {@value RunGenerator#TASKS_PER_RUN} tasks each,
 * in KFP's own tables on the same kind of database, imported into a fresh event log by 4 threads, then imported
 * again (nothing new: what a resumed or repeated import costs per run). The baseline, measured in the same run, is
 * the bulk load of the same runs into KFP's tables (batched multi-row inserts, 2 threads). Appends its section to
 * {@code docs/benchmarks/kfp-reports.md}. Command: as {@link WorkflowReportBenchmark}'s, with this class.
 */
public final class KfpImportBenchmark {

    private static final int THREADS = 4;

    public static void main(String[] args) throws Exception {
        String section = new KfpImportBenchmark().measureAll();
        Path out = Path.of("docs/benchmarks/kfp-reports.md");
        String existing = Files.exists(out) ? Files.readString(out) : "";
        int start = existing.indexOf("\n## KFP database import");
        Files.writeString(out, (start < 0 ? existing : existing.substring(0, start)) + "\n" + section);
        System.out.println("Written to " + out.toAbsolutePath());
        System.exit(0);
    }

    private String measureAll() throws Exception {
        int runs = Integer.getInteger("bench.import.runs", 2000);
        String loadAtStart = MachineInfo.loadAverage();
        MarkdownTable table = new MarkdownTable("database", "runs", "tasks per run", "import runs/s", "events/s",
                "again (nothing new) runs/s", "baseline: KFP bulk load runs/s", "import ÷ baseline")
                .numeric(1, 2, 3, 4, 5, 6, 7);
        for (String kind : System.getProperty("bench.databases", "POSTGRESQL,MYSQL").split(",")) {
            DatabaseKind databaseKind = DatabaseKind.valueOf(kind.trim());
            TestDatabase kfpDatabase = TestDatabases.create(databaseKind);
            TestDatabase runstore = TestDatabases.create(databaseKind);
            String name = runstore.dialect() == org.jooq.SQLDialect.MARIADB ? "MariaDB"
                    : kind.trim().equals("MYSQL") ? "MySQL" : "PostgreSQL";
            try (HikariDataSource kfp = kfpDatabase.newDataSource(THREADS + 2);
                 HikariDataSource events = runstore.newDataSource(THREADS + 2)) {
                LoadReport baseline = new KfpLoader(kfp, KfpSql.of(kfpDatabase.dialect()))
                        .load(new RunGenerator(DataShape.of(runs)), 2);
                EventStoreSchema.migrate(events, runstore.dialect());
                DataSourceTransactionManager transactions = new DataSourceTransactionManager(events);
                Serializer serializer = JacksonSerializer.builder().objectMapper(EventJson.newObjectMapper()).build();
                try (JooqEventStorageEngine engine = JooqEventStorageEngine.builder()
                        .dsl(DSL.using(new TransactionAwareDataSourceProxy(events), runstore.dialect(),
                                new Settings().withExecuteLogging(false)))
                        .transactionManager(transactions)
                        .eventSerializer(serializer)
                        .snapshotSerializer(serializer)
                        .groupCommit(200)
                        .build()) {
                    engine.start();
                    KfpImport.Progress first = new KfpImport(kfp, engine, THREADS, 200).importAll(progress -> { });
                    KfpImport.Progress again = new KfpImport(kfp, engine, THREADS, 200).importAll(progress -> { });
                    if (again.events() != 0) {
                        throw new IllegalStateException("a second import appended " + again.events() + " events");
                    }
                    table.row(name, runs, RunGenerator.TASKS_PER_RUN, Math.round(first.runsPerSecond()),
                            Math.round(first.events() / (first.elapsed().toNanos() / 1e9)),
                            Math.round(again.runsPerSecond()), Math.round(baseline.runsPerSecond()),
                            String.format("%.2f", first.runsPerSecond() / baseline.runsPerSecond()));
                    System.err.println(name + ": " + Math.round(first.runsPerSecond()) + " runs/s imported");
                }
            }
        }
        return """
                ## KFP database import

                Written by `io.runstore.bench.command.KfpImportBenchmark` (bench module) on %s. A generated KFP
                database (KFP's run_details, resource_references, tasks and run_metrics; runs with %d tasks, 2 resource
                references, 0-2 metrics, 2-5 state-history entries, 10%% archived) on the same kind of database as the
                event log, imported by `KfpImport` with %d threads into a fresh event log (group commit on, as in the
                server), then imported again, which finds nothing new. Baseline, same run: the bulk load of the same runs
                into KFP's tables. Load average at the start: %s; at the end: %s (2 shared cores).

                %s
                """.formatted(Instant.now(), RunGenerator.TASKS_PER_RUN, THREADS, loadAtStart,
                MachineInfo.loadAverage(), table.render());
    }
}
