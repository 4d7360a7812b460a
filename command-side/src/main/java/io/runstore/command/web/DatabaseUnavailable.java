package io.runstore.command.web;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure because the database cannot be reached (no connection from the pool, a connection broken
 * mid-statement) from every other failure, by walking the cause chain: whichever layer (Spring, jOOQ, Axon)
 * wrapped it, the driver's or the pool's exception is in there. When the rollback after a broken statement fails too
 * (the pool has closed the connection by then), Spring throws the rollback's failure and keeps the statement's
 * aside as the application exception: that one is looked at as well.
 */
public final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    public static boolean causedIt(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException
                    || cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof ConnectException) {
                return true;
            }
            if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
                    && causedIt(rollback.getApplicationException())) {
                return true;
            }
            // SQLSTATE class 08: connection exception, whatever the driver's exception class
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
