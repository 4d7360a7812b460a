package io.runstore.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jooq.SQLDialect;

/**
 * A fresh, empty database made for this test run on one of the servers {@link TestDatabases} found.
 *
 * @param kind     PostgreSQL or MySQL (a MariaDB server behind {@code jdbc:mysql:} counts as MySQL)
 * @param dialect  the jOOQ dialect that server needs (MARIADB for a MariaDB server)
 * @param jdbcUrl  the URL of the fresh database, driver options included
 * @param origin   where the server came from (environment, Testcontainers, local server), for messages
 */
public record TestDatabase(DatabaseKind kind, SQLDialect dialect, String jdbcUrl, String username, String password,
                           String origin) {

    /** A small pool on this database; the caller closes it. */
    public HikariDataSource newDataSource(int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        config.setPoolName("test-" + kind.name().toLowerCase());
        return new HikariDataSource(config);
    }

    /** Spring properties that point an application context at this database. */
    public String[] springProperties() {
        return new String[]{
                "spring.datasource.url=" + jdbcUrl,
                "spring.datasource.username=" + username,
                "spring.datasource.password=" + (password == null ? "" : password)};
    }

    @Override
    public String toString() {
        return kind + " (" + dialect + ") " + jdbcUrl + " from " + origin;
    }
}
