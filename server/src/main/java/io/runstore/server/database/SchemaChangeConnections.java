package io.runstore.server.database;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The pool's connections without their response timeout ({@link PoolTimeouts}), for migrations: a migration's index
 * build on a large table may rightly keep the database silent for minutes. The pool restores the timeout when a
 * connection is returned.
 */
public final class SchemaChangeConnections extends DelegatingDataSource {

    public SchemaChangeConnections(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return unbounded(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return unbounded(super.getConnection(username, password));
    }

    private static Connection unbounded(Connection connection) throws SQLException {
        try {
            connection.setNetworkTimeout(Runnable::run, 0);
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }
}
