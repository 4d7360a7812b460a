package io.runstore.bench.projection;

import io.runstore.bench.append.BenchDatabase;
import io.runstore.bench.append.BenchOptions;
import io.runstore.bench.append.EngineKind;
import io.runstore.bench.eventlog.EventLogAppender;
import io.runstore.bench.lock.TimingLock;
import io.runstore.bench.report.Charts;
import io.runstore.bench.eventlog.LogReplaySource;
import io.runstore.eventstore.EventLogReader;
import io.runstore.projections.processing.BatchProjector;
import io.runstore.projections.replay.Rebuild;
import io.runstore.projections.replay.ReplayProgress;
import io.runstore.projections.replay.ReplaySource;
import io.runstore.readtables.ReadTablesSchema;
import com.zaxxer.hikari.HikariDataSource;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.runs.DataShape;
import io.runstore.testsupport.runs.RunGenerator;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jooq.SpringTransactionProvider;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;
import static io.runstore.readtables.schema.Tables.RUN_TASK;

/**
 * Replay benchmark, per database, on one fresh database: {@code --runs} generated runs of realistic size (20 tasks
 * each, metrics, state changes: the test-support generator) are appended to runstore's event log; then, in the same
 * run and on the same log, (1) Axon's pooled streaming processor with a handler that does nothing (batch 500, 2
 * segments: the ceiling of any Axon projection) follows it from position 0 to the head, and (2) {@code rebuild}
 * builds every read table from scratch into shadow tables and switches them in ({@link Rebuild}: shadow tables,
 * lanes, secondary indexes afterwards, switch). Events/s of both and their ratio.
 *
 * <p>Run: {@code java -cp ... io.runstore.bench.projection.ReplayBenchmark --databases=postgresql,mysql --runs=22000
 * --lanes=4 --chunk=5000}. Writes Markdown to stdout and {@code --out}. {@code --rebuild-mysql-url-options=a=b&c=d}
 * and {@code --rebuild-pg-url-options=...} add JDBC URL options to the rebuild's own connections only (the no-op
 * processor keeps the test database's URL); several sets separated by {@code ;} (an empty one: none) rebuild once
 * each, one after the other on the same log, a row each. {@code --chart=file.png}: the events/s as bars.
 * {@code --timing-lock=/tmp/runstore-bench.lock}: holds that {@code flock(1)} lock only while timing (the no-op
 * processor and the rebuilds of each database), not while the log is appended. {@code --log-database=name}: the log
 * in that database (created if missing), appended only if it is empty, and kept: builds can then be compared on one
 * log, one after the other in one lock hold (the caller drops it). {@code --parts=50}: after the rebuild(s), in the
 * same lock hold, the rebuild taken apart ({@link ReplayParts}: reading and deserializing alone, with the fold in
 * memory, and writing the folded runs alone, 50 runs per transaction), a row each with its time and JVM CPU.
 */
public final class ReplayBenchmark {

    private static final Logger log = LoggerFactory.getLogger(ReplayBenchmark.class);

    private final Map<String, String> options;
    /** events/s per series (the no-op processor, each rebuild) and database, for {@code --chart}. */
    private final Map<String, Map<String, Double>> chart = new LinkedHashMap<>();
    /** Rows of the parts table: what was timed when (epoch milliseconds, for CPU samplers outside), and parts. */
    private final StringBuilder parts = new StringBuilder();

    private ReplayBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        String report = new ReplayBenchmark(options).measure();
        System.out.println(report);
        Files.writeString(Path.of(options.getOrDefault("out", "bench/target/replay-benchmark.md")), report);
        System.exit(0);
    }

    private String measure() throws Exception {
        int runs = Integer.parseInt(options.getOrDefault("runs", "22000"));
        int lanes = Integer.parseInt(options.getOrDefault("lanes", "4"));
        int chunk = Integer.parseInt(options.getOrDefault("chunk", "5000"));
        StringBuilder report = new StringBuilder("# Replay benchmark\n\n")
                .append("Generated by `io.runstore.bench.projection.ReplayBenchmark` on ").append(Instant.now())
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, load average ")
                .append(loadAverage()).append(" at the start. ").append(runs).append(" generated runs (")
                .append(RunGenerator.TASKS_PER_RUN).append(" tasks each, metrics, state changes); rebuild: ")
                .append(lanes).append(" lanes, chunks of ").append(chunk).append(" events")
                .append(urlOptions()).append(".\n\n")
                .append("| database | events | Axon no-op processor events/s | rebuild events/s | rebuild / no-op | ")
                .append("rebuild seconds | run_list rows | run_task rows | run_metric rows |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String name : options.getOrDefault("databases", "postgresql,mysql").split(",")) {
            DatabaseKind kind = name.startsWith("p") ? DatabaseKind.POSTGRESQL : DatabaseKind.MYSQL;
            database(kind, runs, lanes, chunk, report);
        }
        report.append("\nLoad average at the end: ").append(loadAverage()).append('\n');
        if (!parts.isEmpty()) {
            report.append("\n| database | part | from - to (epoch ms) | time, JVM CPU |\n|---|---|---|---|\n")
                    .append(parts);
        }
        if (options.containsKey("chart")) {
            Charts.bars(Path.of(options.get("chart")), String.format(Locale.ROOT,
                    "Rebuilding the read tables from %,d runs' events", runs), "events/s", chart, false);
        }
        return report.toString();
    }

    private void database(DatabaseKind kind, int runs, int lanes, int chunk, StringBuilder report) throws Exception {
        String logDatabase = options.get("log-database");
        try (BenchDatabase db = logDatabase == null ? new BenchDatabase(kind, 24)
                : BenchDatabase.named(kind, logDatabase, 24)) {
            long events = appendedBefore(db);
            if (events == 0) {
                events = new EventLogAppender(db.dataSource, db.database.dialect())
                        .append(new RunGenerator(DataShape.of(runs)), 2)[0];
                log.warn("{}: {} events appended to {}", kind, events, db.database.jdbcUrl());
            } else {
                log.warn("{}: the log of {} holds {} events already", kind, db.database.jdbcUrl(), events);
            }
            ReadTablesSchema.migrate(db.dataSource, db.database.dialect());

            try (TimingLock lock = options.containsKey("timing-lock")
                    ? TimingLock.acquire(Path.of(options.get("timing-lock"))) : null) {
                log.warn("{}: timing starts at load average {}", kind, loadAverage());
                time(db, kind, events, lanes, chunk, report);
                log.warn("{}: timing ends at load average {}", kind, loadAverage());
            }
        }
    }

    /**
     * The events of a log appended by an earlier run into {@code --log-database} (0 when there is none), whose no-op
     * processor's tokens are removed so that it reads the whole log again.
     */
    private static long appendedBefore(BenchDatabase db) {
        Object hasLog = db.dsl.fetchValue(db.kind == DatabaseKind.POSTGRESQL
                ? "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'event_log'"
                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name = 'event_log'");
        if (((Number) hasLog).longValue() == 0) {
            return 0;
        }
        db.dsl.execute("DELETE FROM token_entry WHERE processor_name = ?", NoOpHandler.PROCESSING_GROUP);
        Number head = (Number) db.dsl.fetchValue("SELECT MAX(position) FROM event_log");
        return head == null ? 0 : head.longValue();
    }

    /** Axon's no-op processor, then each rebuild, on the log of {@code db}; a row each. */
    private void time(BenchDatabase db, DatabaseKind kind, long events, int lanes, int chunk, StringBuilder report)
            throws Exception {
        EventStorageEngine engine = EngineKind.RUNSTORE.open(db);
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine).build();
        long noOpStartedMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        try (ProjectionProcessor processor = new ProjectionProcessor(db, store, NoOpHandler.PROCESSING_GROUP,
                new NoOpHandler(), 2, builder -> builder.batchSize(500), false)) {
            while (processor.position() < events) {
                Thread.sleep(20);
            }
        }
        double noOpSeconds = (System.nanoTime() - started) / 1e9;
        store.shutDown();
        EngineKind.close(engine);
        log.warn("{}: Axon no-op processor {} s", kind, noOpSeconds);

        String variants = options.getOrDefault(kind == DatabaseKind.POSTGRESQL ? "rebuild-pg-url-options"
                : "rebuild-mysql-url-options", "");
        String database = db.database.dialect() == SQLDialect.POSTGRES ? "PostgreSQL" : "MariaDB";
        chart.computeIfAbsent("Axon no-op processor", series -> new LinkedHashMap<>())
                .put(database, events / noOpSeconds);
        long rebuildStarted = System.currentTimeMillis();
        for (String urlOptions : variants.split(";", -1)) {
            double rebuildSeconds = rebuild(db, urlOptions, lanes, chunk);
            chart.computeIfAbsent("rebuild" + (urlOptions.isEmpty() ? "" : " " + urlOptions),
                    series -> new LinkedHashMap<>()).put(database, events / rebuildSeconds);
            report.append(String.format(Locale.ROOT,
                    "| %s%s | %,d | %,.0f | %,.0f | %.2fx | %.1f | %,d | %,d | %,d |%n", db.database.dialect(),
                    urlOptions.isEmpty() ? "" : " `" + urlOptions + "`", events, events / noOpSeconds,
                    events / rebuildSeconds, noOpSeconds / rebuildSeconds, rebuildSeconds,
                    db.dsl.fetchCount(RUN_LIST), db.dsl.fetchCount(RUN_TASK), db.dsl.fetchCount(RUN_METRIC)));
        }
        parts.append(String.format(Locale.ROOT, "| %s | Axon no-op processor | %d - %d | above |%n",
                db.database.dialect(), noOpStartedMillis, rebuildStarted));
        parts.append(String.format(Locale.ROOT, "| %s | rebuild(s) | %d - %d | above |%n",
                db.database.dialect(), rebuildStarted, System.currentTimeMillis()));
        if (options.containsKey("parts")) {
            parts(db, events, lanes, chunk, Integer.parseInt(options.get("parts")));
        }
    }

    /**
     * The rebuild taken apart ({@link ReplayParts}), on the rebuild's kind of connections (without URL options):
     * reading and deserializing alone, with the fold, and writing the folded rows alone; a row each.
     */
    private void parts(BenchDatabase db, long events, int lanes, int chunk, int runsPerTransaction)
            throws Exception {
        try (HikariDataSource pool = db.database.newDataSource(24)) {
            DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(pool);
            DSLContext dsl = rebuildDsl(pool, db.database.dialect(), transactionManager);
            ReplayParts apart = new ReplayParts(dsl, transactionManager, new LogReplaySource(
                    new EventLogReader(dsl, db.serializer, NoOpEventUpcaster.INSTANCE)), lanes, chunk);
            for (ReplayParts.Part part : List.of(apart.read(events), apart.fold(events),
                    apart.write(runsPerTransaction))) {
                log.warn("{}: {} {} s", db.kind, part.name(), part.seconds());
                parts.append(String.format(Locale.ROOT, "| %s | %s | %d - %d | %.1f s = %,.0f events/s, JVM CPU %.1f s "
                                + "= %.0f us/event |%n", db.database.dialect(), part.name(), part.startedMillis(),
                        part.endedMillis(), part.seconds(), events / part.seconds(), part.jvmCpuSeconds(),
                        part.jvmCpuSeconds() * 1e6 / events));
            }
            log.warn("{}: {} runs folded, written {} per transaction", db.kind, apart.foldedRuns(),
                    runsPerTransaction);
        }
    }

    /** A rebuild from scratch, switched in, on its own connections ({@code urlOptions} added to their URL); seconds. */
    private static double rebuild(BenchDatabase db, String urlOptions, int lanes, int chunk) throws Exception {
        TestDatabase rebuildDatabase = urlOptions.isEmpty() ? db.database : new TestDatabase(db.kind,
                db.database.dialect(), db.database.jdbcUrl() + "&" + urlOptions, db.database.username(),
                db.database.password(), db.database.origin());
        try (HikariDataSource pool = rebuildDatabase.newDataSource(24)) {
            DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(pool);
            DSLContext dsl = rebuildDsl(pool, db.database.dialect(), transactionManager);
            ReplaySource source = new LogReplaySource(
                    new EventLogReader(dsl, db.serializer, NoOpEventUpcaster.INSTANCE));
            long started = System.nanoTime();
            Rebuild rebuild = new Rebuild(dsl, pool, transactionManager, source, new BatchProjector(),
                    new Rebuild.Options(lanes, chunk, chunk), new ReplayProgress());
            Rebuild.Outcome outcome = rebuild.run(true);
            double seconds = (System.nanoTime() - started) / 1e9;
            log.warn("{} {}: rebuild {} in {} s", db.kind, urlOptions, outcome, seconds);
            rebuild.dropPrevious();
            return seconds;
        }
    }

    private static DSLContext rebuildDsl(HikariDataSource pool, SQLDialect dialect,
                                         DataSourceTransactionManager transactionManager) {
        return DSL.using(new DefaultConfiguration()
                .set(new TransactionAwareDataSourceProxy(pool))
                .set(dialect)
                .set(new SpringTransactionProvider(transactionManager))
                .set(new Settings().withExecuteLogging(false)));
    }

    private String urlOptions() {
        StringBuilder text = new StringBuilder();
        for (String option : List.of("rebuild-pg-url-options", "rebuild-mysql-url-options")) {
            if (options.containsKey(option)) {
                text.append("; ").append(option).append(" `").append(options.get(option)).append('`');
            }
        }
        return text.toString();
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ", 4);
            return fields[0] + " " + fields[1];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
