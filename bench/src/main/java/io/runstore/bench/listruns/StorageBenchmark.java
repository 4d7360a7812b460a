package io.runstore.bench.listruns;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.bench.eventlog.EventLogReadModelLoader;
import io.runstore.eventstore.EventStoreSchema;
import io.runstore.readtables.ReadTablesSchema;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import io.runstore.testsupport.kfp.KfpLoader;
import io.runstore.testsupport.kfp.KfpSql;
import io.runstore.testsupport.runs.DataShape;
import io.runstore.testsupport.runs.LoadReport;
import io.runstore.testsupport.runs.RunGenerator;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Disk per run of the ListRuns data set, KFP's tables against runstore's (event log and read tables), on each
 * database: what the suite's {@code DiskSpace} check assumes per run. Loads {@code --runs} generated runs into fresh
 * databases the way the ListRuns section does (KFP's tables in bulk, runstore's through the event log and the
 * projector), then reads each database's size less its size when empty.
 *
 * <pre>
 * java -cp "bench/target/runstore-bench.jar:$(cat bench/target/classpath.txt)" \
 *   io.runstore.bench.listruns.StorageBenchmark --runs=2000 --databases=postgresql,mysql
 * </pre>
 */
public final class StorageBenchmark {

    private StorageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 2_000;
        List<DatabaseKind> databases = List.of(DatabaseKind.POSTGRESQL, DatabaseKind.MYSQL);
        for (String arg : args) {
            if (arg.startsWith("--runs=")) {
                runs = Integer.parseInt(arg.substring("--runs=".length()));
            } else if (arg.startsWith("--databases=")) {
                databases = Arrays.stream(arg.substring("--databases=".length()).split(","))
                        .map(name -> name.equals("postgresql") ? DatabaseKind.POSTGRESQL : DatabaseKind.MYSQL).toList();
            } else {
                throw new IllegalArgumentException("unknown option " + arg
                        + "; options: --runs=N --databases=postgresql,mysql");
            }
        }
        RunGenerator generator = new RunGenerator(DataShape.of(runs));
        List<String> lines = new ArrayList<>(List.of(
                "| database | runs | system | text written per run | on disk per run | text / disk |",
                "|---|---:|---|---:|---:|---:|"));
        for (DatabaseKind kind : databases) {
            for (Measured measured : measure(kind, generator)) {
                lines.add(String.format(Locale.ROOT, "| %s | %,d | %s | %,.1f KB | %,.1f KB | %.2f |", kind, runs,
                        measured.report().system(), measured.report().textBytes() / 1e3 / runs,
                        measured.diskBytes() / 1e3 / runs, (double) measured.report().textBytes() / measured.diskBytes()));
            }
        }
        System.out.println(String.join("\n", lines));
    }

    private record Measured(LoadReport report, long diskBytes) {
    }

    private static List<Measured> measure(DatabaseKind kind, RunGenerator generator) throws Exception {
        TestDatabase kfpDatabase = TestDatabases.create(kind);
        TestDatabase runstoreDatabase = TestDatabases.create(kind);
        try (HikariDataSource kfp = kfpDatabase.newDataSource(4);
             HikariDataSource runstore = runstoreDatabase.newDataSource(4)) {
            long kfpEmpty = diskBytes(DSL.using(kfp, kfpDatabase.dialect()));
            LoadReport kfpLoad = new KfpLoader(kfp, KfpSql.of(kfpDatabase.dialect())).load(generator, 2);
            long kfpBytes = diskBytes(DSL.using(kfp, kfpDatabase.dialect())) - kfpEmpty;
            SQLDialect dialect = runstoreDatabase.dialect();
            ReadTablesSchema.migrate(runstore, dialect);
            EventStoreSchema.migrate(runstore, dialect);
            long runstoreEmpty = diskBytes(DSL.using(runstore, dialect));
            LoadReport runstoreLoad = new EventLogReadModelLoader(runstore, dialect).load(generator, 2);
            long runstoreBytes = diskBytes(DSL.using(runstore, dialect)) - runstoreEmpty;
            System.out.println(kind + ", per table (bytes per run, tables with their indexes and TOAST):");
            for (DSLContext dsl : List.of(DSL.using(kfp, kfpDatabase.dialect()), DSL.using(runstore, dialect))) {
                tableBytes(dsl).forEach(row -> System.out.printf(Locale.ROOT, "  %-28s %,10.1f KB%n", row.get(0),
                        row.get(1, Long.class) / 1e3 / generator.shape().runs()));
            }
            return List.of(new Measured(kfpLoad, kfpBytes), new Measured(runstoreLoad, runstoreBytes));
        }
    }

    /** Each table's bytes with its indexes (and TOAST), largest first. */
    private static org.jooq.Result<org.jooq.Record> tableBytes(DSLContext dsl) {
        if (dsl.dialect().family() == SQLDialect.POSTGRES) {
            return dsl.fetch("SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE relkind = 'r' "
                    + "AND relnamespace = 'public'::regnamespace ORDER BY 2 DESC LIMIT 8");
        }
        return dsl.fetch("SELECT table_name, data_length + index_length FROM information_schema.tables "
                + "WHERE table_schema = DATABASE() ORDER BY 2 DESC LIMIT 8");
    }

    /** The database's size: PostgreSQL's own count of its files; MySQL/MariaDB's table and index lengths after ANALYZE. */
    private static long diskBytes(DSLContext dsl) {
        if (dsl.dialect().family() == SQLDialect.POSTGRES) {
            dsl.execute("CHECKPOINT");
            return dsl.fetchSingle("SELECT pg_database_size(current_database())").get(0, Long.class);
        }
        for (String table : dsl.fetch("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = DATABASE()").getValues(0, String.class)) {
            dsl.execute("ANALYZE TABLE `" + table + "`");
        }
        Long bytes = dsl.fetchSingle("SELECT SUM(data_length + index_length) FROM information_schema.tables "
                + "WHERE table_schema = DATABASE()").get(0, Long.class);
        return bytes == null ? 0 : bytes;
    }
}
