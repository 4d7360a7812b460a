package io.runstore.testsupport;

import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.containers.PostgreSQLContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one selector of test databases. For each kind it takes, in order: the URL in the environment
 * ({@code RUNSTORE_TEST_PG_URL}, {@code RUNSTORE_TEST_MYSQL_URL}, with {@code _USER} / {@code _PASSWORD} beside them),
 * a Testcontainers container when a Docker engine answers, then the local server (127.0.0.1:5432 as postgres,
 * 127.0.0.1:3306 as root). On that server it creates a fresh database for each call of {@link #create}, and drops
 * them when the JVM exits. A server that cannot be reached fails the test with the command that starts it: tests
 * are never skipped for a missing database.
 */
public final class TestDatabases {

    private static final Logger log = LoggerFactory.getLogger(TestDatabases.class);
    private static final Map<DatabaseKind, Server> servers = new EnumMap<>(DatabaseKind.class);
    private static final Map<DatabaseKind, TestDatabase> shared = new EnumMap<>(DatabaseKind.class);
    private static final List<Runnable> cleanups = new ArrayList<>();
    private static Boolean dockerAvailable;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::cleanUp, "test-databases-cleanup"));
    }

    private TestDatabases() {
    }

    /** One fresh database of this kind shared by the whole test JVM (created on first use). */
    public static synchronized TestDatabase shared(DatabaseKind kind) {
        return shared.computeIfAbsent(kind, TestDatabases::create);
    }

    /** A new, empty database of this kind, for tests that need one of their own. */
    public static synchronized TestDatabase create(DatabaseKind kind) {
        Server server = servers.computeIfAbsent(kind, TestDatabases::findServer);
        String name = "runstore_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(server, server.adminUrl(), "CREATE DATABASE " + name);
        cleanups.add(() -> execute(server, server.adminUrl(), server.dropStatement(name)));
        TestDatabase database = new TestDatabase(kind, server.dialect, server.urlOf(name), server.user,
                server.password, server.origin);
        log.info("Test database: {}", database);
        return database;
    }

    /**
     * The database {@code name} on the server of this kind, created if it does not exist, and kept when the JVM exits:
     * for a benchmark that measures several builds on one data set (the caller drops it).
     */
    public static synchronized TestDatabase named(DatabaseKind kind, String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a database name: " + name);
        }
        Server server = servers.computeIfAbsent(kind, TestDatabases::findServer);
        if (kind == DatabaseKind.POSTGRESQL) {
            createPostgresDatabaseIfMissing(server, name);
        } else {
            execute(server, server.adminUrl(), "CREATE DATABASE IF NOT EXISTS " + name);
        }
        return new TestDatabase(kind, server.dialect, server.urlOf(name), server.user, server.password,
                server.origin);
    }

    private static void createPostgresDatabaseIfMissing(Server server, String name) {
        try (Connection connection = DriverManager.getConnection(server.adminUrl(), server.user, server.password);
             Statement statement = connection.createStatement()) {
            if (!statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'").next()) {
                statement.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    private static Server findServer(DatabaseKind kind) {
        String url = System.getenv(kind.urlVariable);
        if (url != null && !url.isBlank()) {
            return connect(kind, url, env(kind.urlVariable.replace("_URL", "_USER"), kind.localUser),
                    env(kind.urlVariable.replace("_URL", "_PASSWORD"), ""), "environment variable " + kind.urlVariable);
        }
        if (dockerAvailable()) {
            JdbcDatabaseContainer<?> container = kind == DatabaseKind.POSTGRESQL
                    ? new PostgreSQLContainer<>("postgres:15")
                    : new MariaDBContainer<>("mariadb:10.11").withUsername("root").withPassword("");
            container.start();
            cleanups.add(container::stop);
            return connect(kind, container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                    "Testcontainers " + container.getDockerImageName());
        }
        String localUrl = kind == DatabaseKind.POSTGRESQL
                ? "jdbc:postgresql://" + kind.localAddress + "/postgres"
                : "jdbc:mysql://" + kind.localAddress + "/";
        return connect(kind, localUrl, kind.localUser, "", "local server " + kind.localAddress);
    }

    private static synchronized boolean dockerAvailable() {
        if (dockerAvailable == null) {
            try {
                dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                dockerAvailable = false;
            }
        }
        return dockerAvailable;
    }

    private static Server connect(DatabaseKind kind, String url, String user, String password, String origin) {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            String version = connection.getMetaData().getDatabaseProductVersion();
            SQLDialect dialect = kind == DatabaseKind.POSTGRESQL ? SQLDialect.POSTGRES
                    : version.toLowerCase().contains("mariadb") ? SQLDialect.MARIADB : SQLDialect.MYSQL;
            return new Server(kind, dialect, url, user, password, origin);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the " + kind + " test database at " + url + " (" + origin
                    + "): " + e.getMessage() + ". Start it with: " + kind.startCommand + " -- or point "
                    + kind.urlVariable + " at a server where this user may create databases.", e);
        }
    }

    private static void execute(Server server, String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url, server.user, server.password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test database statement failed on " + url + ": " + sql + ": "
                    + e.getMessage(), e);
        }
    }

    private static void cleanUp() {
        for (int i = cleanups.size() - 1; i >= 0; i--) {
            try {
                cleanups.get(i).run();
            } catch (RuntimeException e) {
                log.warn("Test database cleanup failed: {}", e.getMessage());
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** A reachable server; {@code url} is the one it was reached by (its database part is replaced per test). */
    private record Server(DatabaseKind kind, SQLDialect dialect, String url, String user, String password,
                          String origin) {

        String adminUrl() {
            return url;
        }

        String urlOf(String database) {
            int queryStart = url.indexOf('?');
            String base = queryStart < 0 ? url : url.substring(0, queryStart);
            String query = queryStart < 0 ? "" : url.substring(queryStart + 1);
            int slash = base.indexOf('/', base.indexOf("//") + 2);
            String hostPart = slash < 0 ? base : base.substring(0, slash);
            String options = kind == DatabaseKind.POSTGRESQL
                    ? "reWriteBatchedInserts=true"
                    : "rewriteBatchedStatements=true&useSSL=false&allowPublicKeyRetrieval=true";
            return hostPart + "/" + database + "?" + (query.isEmpty() ? options : query + "&" + options);
        }

        String dropStatement(String database) {
            return kind == DatabaseKind.POSTGRESQL
                    ? "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)"
                    : "DROP DATABASE IF EXISTS " + database;
        }
    }
}
