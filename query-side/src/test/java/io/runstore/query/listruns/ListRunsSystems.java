package io.runstore.query.listruns;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.runstore.eventstore.EventStoreSchema;
import io.runstore.readtables.ReadTablesSchema;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import io.runstore.testsupport.kfp.KfpListRuns;
import io.runstore.testsupport.kfp.KfpLoader;
import io.runstore.testsupport.kfp.KfpSql;
import io.runstore.testsupport.listruns.ListRunsImplementation;
import io.runstore.testsupport.readtables.ReadModelLoader;
import io.runstore.testsupport.runs.LoadReport;
import io.runstore.testsupport.runs.RunGenerator;
import io.runstore.testsupport.runs.ScopeLayout;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;

/**
 * KFP and runstore side by side on one database server, each in a fresh database of its own, both holding the same
 * generated runs: KFP's normalized tables loaded by {@link KfpLoader}, runstore's read tables by the given
 * {@link ReadModelLoader}, and once loaded runstore's query API over HTTP on runstore's database ({@link QueryApi}: in
 * this JVM for the tests, the server jar for the benchmark). Closing it stops the API and drops the tables (the empty
 * databases go when the JVM exits).
 */
public final class ListRunsSystems implements AutoCloseable {

    private static final int POOL_SIZE = 4;

    private final DatabaseKind kind;
    private final TestDatabase kfpDatabase;
    private final HikariDataSource kfpPool;
    private final TestDatabase runstoreDatabase;
    private final HikariDataSource runstorePool;
    private final DSLContext runstore;
    private final KfpSql kfpSql;
    private LoadReport kfpLoad;
    private LoadReport runstoreLoad;
    private List<String> namespaces;
    private final QueryApi.Starter queryApiStarter;
    private QueryApi queryApi;

    private ListRunsSystems(DatabaseKind kind, QueryApi.Starter queryApiStarter) {
        this.kind = kind;
        this.queryApiStarter = queryApiStarter;
        this.kfpDatabase = TestDatabases.create(kind);
        this.runstoreDatabase = TestDatabases.create(kind);
        this.kfpSql = KfpSql.of(kfpDatabase.dialect());
        this.kfpPool = pool(kfpDatabase, "kfp", kfpSql.connectionInitSql());
        this.runstorePool = pool(runstoreDatabase, "runstore", null);
        this.runstore = DSL.using(runstorePool, runstoreDatabase.dialect());
    }

    private static HikariDataSource pool(TestDatabase database, String system, String connectionInitSql) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.username());
        config.setPassword(database.password());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setPoolName("bench-" + system + "-" + database.kind().name().toLowerCase());
        config.setConnectionInitSql(connectionInitSql);
        return new HikariDataSource(config);
    }

    /** Fresh, empty databases of this kind, one per system; once loaded, the query API is started as given. */
    public static ListRunsSystems create(DatabaseKind kind, QueryApi.Starter queryApi) {
        return new ListRunsSystems(kind, queryApi);
    }

    /** Fresh databases of this kind with the generated runs loaded into both systems. */
    public static ListRunsSystems load(DatabaseKind kind, RunGenerator generator, int threads,
                                       ReadModelLoader.Factory runstoreLoader, QueryApi.Starter queryApi)
            throws Exception {
        ListRunsSystems systems = new ListRunsSystems(kind, queryApi);
        try {
            systems.load(generator, threads, runstoreLoader);
            return systems;
        } catch (Exception | Error e) {
            systems.close();
            throw e;
        }
    }

    /** Loads the generated runs into both systems' (empty) databases, then starts runstore's query API. */
    public void load(RunGenerator generator, int threads, ReadModelLoader.Factory runstoreLoader)
            throws Exception {
        kfpLoad = new KfpLoader(kfpPool, kfpSql).load(generator, threads);
        ReadTablesSchema.migrate(runstorePool, runstore.dialect());
        // the query role also reads the event store (a run's history), and starts only on a current schema
        EventStoreSchema.migrate(runstorePool, runstore.dialect());
        runstoreLoad = runstoreLoader.create(runstorePool, runstore.dialect()).load(generator, threads);
        namespaces = IntStream.range(0, generator.layout().namespaceCount()).mapToObj(ScopeLayout::namespaceName)
                .toList();
        queryApi = queryApiStarter.start(runstoreDatabase, namespaces);
    }

    /** The JDBC URLs of the two fresh databases, KFP's and runstore's. */
    public List<String> databaseUrls() {
        return List.of(kfpDatabase.jdbcUrl(), runstoreDatabase.jdbcUrl());
    }

    /** Where the server keeps its data, as it says (a path on its own machine). */
    public String dataDirectory() throws SQLException {
        String sql = kind == DatabaseKind.POSTGRESQL ? "SHOW data_directory" : "SELECT @@datadir";
        try (Connection connection = kfpPool.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    /**
     * KFP's original query, KFP's PostgreSQL-port query, runstore's query side in-process (SQL), runstore's query API
     * over HTTP: the order of every table and chart. Only once loaded. Both runstore variants act for a caller that
     * may read every namespace of the data set.
     */
    public List<ListRunsImplementation> implementations() {
        if (queryApi == null) {
            throw new IllegalStateException("load the runs first");
        }
        return List.of(
                new KfpListRuns(kfpPool, kfpSql, KfpListRuns.Variant.ORIGINAL),
                new KfpListRuns(kfpPool, kfpSql, KfpListRuns.Variant.POSTGRES_PORT),
                new QuerySideListRuns(runstore, namespaces),
                queryApi.listRuns());
    }

    public DatabaseKind kind() {
        return kind;
    }

    public LoadReport kfpLoad() {
        return kfpLoad;
    }

    public LoadReport runstoreLoad() {
        return runstoreLoad;
    }

    /** The server's product and version, e.g. "PostgreSQL 15.20" or "MariaDB 10.11.19-MariaDB-0+deb12u1". */
    public String serverVersion() throws SQLException {
        try (Connection connection = kfpPool.getConnection()) {
            var metaData = connection.getMetaData();
            String product = metaData.getDatabaseProductVersion().toLowerCase().contains("mariadb")
                    ? "MariaDB" : metaData.getDatabaseProductName();
            return product + " " + metaData.getDatabaseProductVersion();
        }
    }

    /**
     * Bytes each system's tables and indexes take on disk: {KFP, runstore}. PostgreSQL: the database's files;
     * MySQL/MariaDB: the space the file system allocated to the database's InnoDB tablespaces (one file per table),
     * which information_schema's data and index lengths, page counts from statistics, can miss.
     */
    public long[] storageBytes() throws SQLException {
        return new long[]{storageBytes(kfpPool), storageBytes(runstorePool)};
    }

    private long storageBytes(HikariDataSource pool) throws SQLException {
        String sql = kind == DatabaseKind.POSTGRESQL
                ? "SELECT pg_database_size(current_database())"
                : "SELECT SUM(ts.allocated_size) FROM information_schema.tables t JOIN " + tablespaces(pool)
                + " ts ON ts.name = CONCAT(t.table_schema, '/', t.table_name) WHERE t.table_schema = DATABASE()";
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /**
     * The ids ordered by their names, then by id, as KFP's PostgreSQL database orders texts by default (the collation
     * its DisplayName column has): {@code names} maps each id to its name.
     */
    public List<String> orderedByKfpCollation(java.util.Map<String, String> names) throws SQLException {
        if (kind != DatabaseKind.POSTGRESQL) {
            throw new UnsupportedOperationException("only on PostgreSQL");
        }
        String rows = String.join(", ", java.util.Collections.nCopies(names.size(), "(?, ?)"));
        try (Connection connection = kfpPool.getConnection(); java.sql.PreparedStatement statement =
                connection.prepareStatement("SELECT id FROM (VALUES " + rows + ") AS v(id, name) ORDER BY name, id")) {
            int parameter = 1;
            for (var entry : names.entrySet()) {
                statement.setString(parameter++, entry.getKey());
                statement.setString(parameter++, entry.getValue());
            }
            List<String> ids = new java.util.ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    ids.add(result.getString(1));
                }
            }
            return ids;
        }
    }

    /** One table's disk bytes: all of it (with indexes and TOAST, or its tablespace's allocated size), and indexes. */
    public record TableBytes(String system, String table, long total, long indexes) {
    }

    /** Every table of both systems with its bytes on disk, largest first within each system. */
    public List<TableBytes> storageByTable() throws SQLException {
        List<TableBytes> tables = new java.util.ArrayList<>();
        tables.addAll(storageByTable("KFP", kfpPool));
        tables.addAll(storageByTable("runstore", runstorePool));
        return tables;
    }

    private List<TableBytes> storageByTable(String system, HikariDataSource pool) throws SQLException {
        String sql = kind == DatabaseKind.POSTGRESQL
                ? "SELECT relname, pg_total_relation_size(oid), pg_indexes_size(oid) FROM pg_class WHERE relkind = 'r' "
                + "AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) ORDER BY 2 DESC"
                : "SELECT t.table_name, ts.allocated_size, t.index_length FROM information_schema.tables t JOIN "
                + tablespaces(pool) + " ts ON ts.name = CONCAT(t.table_schema, '/', t.table_name) "
                + "WHERE t.table_schema = DATABASE() ORDER BY 2 DESC";
        List<TableBytes> tables = new java.util.ArrayList<>();
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                tables.add(new TableBytes(system, rows.getString(1), rows.getLong(2), rows.getLong(3)));
            }
        }
        return tables;
    }

    /** InnoDB's tablespaces with their allocated sizes: MariaDB and MySQL 8 name the view differently. */
    private static String tablespaces(HikariDataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            return connection.getMetaData().getDatabaseProductVersion().toLowerCase().contains("mariadb")
                    ? "information_schema.innodb_sys_tablespaces" : "information_schema.innodb_tablespaces";
        }
    }

    @Override
    public void close() {
        if (queryApi != null) {
            try {
                queryApi.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (HikariDataSource pool : List.of(kfpPool, runstorePool)) {
            try (pool) {
                dropTables(pool);
            } catch (SQLException e) {
                System.err.println("Could not drop the benchmark tables of " + pool.getJdbcUrl() + ": " + e.getMessage());
            }
        }
    }

    private void dropTables(HikariDataSource pool) throws SQLException {
        String list = kind == DatabaseKind.POSTGRESQL
                ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()";
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            List<String> tables = new java.util.ArrayList<>();
            try (ResultSet names = statement.executeQuery(list)) {
                while (names.next()) {
                    tables.add(names.getString(1));
                }
            }
            for (String table : tables) {
                statement.execute("DROP TABLE " + table);
            }
        }
    }
}
