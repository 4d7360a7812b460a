package io.runstore.database;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Set;

/**
 * The one place that decides what a database failure is ({@link DatabaseFailure}): the group commit, the commands'
 * retries, the projector's transient-or-poison decision and the web answers (503, 504, 409) all ask here.
 * <p>
 * It walks the cause chain (Spring, jOOQ and Axon wrap the driver's exception each their own way) and lets Spring's
 * {@link SQLExceptionSubclassTranslator} (JDBC 4 exception classes, then SQLSTATE classes) say what the first
 * {@link SQLException} means; a Spring {@link DataAccessException} already in the chain is taken as it is. Spring's
 * generic translation knows neither MySQL's nor MariaDB's statement-timeout error codes nor PostgreSQL's
 * lock_not_available, which are added here. When a rollback
 * after a broken statement fails too (the pool has closed the connection by then), Spring throws the rollback's failure
 * and keeps the statement's aside as the application exception: that one is looked at as well.
 */
public final class DatabaseFailures {

    private static final SQLExceptionTranslator TRANSLATOR = new SQLExceptionSubclassTranslator();

    /**
     * MySQL: 1317 query execution interrupted, 3024 maximum statement execution time exceeded; MariaDB: 1969
     * max_statement_time exceeded.
     */
    private static final Set<Integer> MYSQL_TIMEOUT_CODES = Set.of(1317, 3024, 1969);
    /** PostgreSQL: lock_not_available (a lock_timeout or NOWAIT given up); its SQLSTATE class 55 is Spring's nothing. */
    private static final String POSTGRES_LOCK_NOT_AVAILABLE = "55P03";

    private DatabaseFailures() {
    }

    /** What kind of database failure {@code failure} is; {@link DatabaseFailure#NONE} when none. */
    public static DatabaseFailure classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
                DatabaseFailure statement = classify(rollback.getApplicationException());
                if (statement != DatabaseFailure.NONE) {
                    return statement;
                }
            }
            if (cause instanceof CannotCreateTransactionException || cause instanceof ConnectException) {
                return DatabaseFailure.UNAVAILABLE;
            }
            if (cause instanceof SQLException sql) {
                return ofSql(sql);
            }
            if (cause instanceof DataAccessException translated && !(translated.getCause() instanceof SQLException)) {
                return ofSpring(translated);
            }
        }
        return DatabaseFailure.NONE;
    }

    /** Whether trying again later may succeed: a concurrency failure, a timeout, the database unavailable. */
    public static boolean isTransient(Throwable failure) {
        return classify(failure).isTransient();
    }

    public static boolean isDuplicateKey(Throwable failure) {
        return classify(failure) == DatabaseFailure.DUPLICATE_KEY;
    }

    public static boolean isUnavailable(Throwable failure) {
        return classify(failure) == DatabaseFailure.UNAVAILABLE;
    }

    public static boolean isTimeout(Throwable failure) {
        return classify(failure) == DatabaseFailure.TIMEOUT;
    }

    private static DatabaseFailure ofSql(SQLException sql) {
        if (MYSQL_TIMEOUT_CODES.contains(sql.getErrorCode())) {
            return DatabaseFailure.TIMEOUT;
        }
        if (POSTGRES_LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
            return DatabaseFailure.CONCURRENCY;
        }
        DataAccessException translated = TRANSLATOR.translate("classify", null, sql);
        if (translated == null) {
            // SQLSTATE class 08 (connection exception) whatever the driver's class; else nothing Spring knows
            return sql.getSQLState() != null && sql.getSQLState().startsWith("08") ? DatabaseFailure.UNAVAILABLE
                    : DatabaseFailure.PERMANENT;
        }
        return ofSpring(translated);
    }

    private static DatabaseFailure ofSpring(DataAccessException translated) {
        if (translated instanceof DuplicateKeyException) {
            return DatabaseFailure.DUPLICATE_KEY;
        }
        if (translated instanceof QueryTimeoutException) {
            return DatabaseFailure.TIMEOUT;
        }
        if (translated instanceof ConcurrencyFailureException) {
            return DatabaseFailure.CONCURRENCY;
        }
        if (translated instanceof DataAccessResourceFailureException
                || translated instanceof TransientDataAccessResourceException
                || translated instanceof RecoverableDataAccessException) {
            return DatabaseFailure.UNAVAILABLE;
        }
        if (translated instanceof TransientDataAccessException) {
            return DatabaseFailure.CONCURRENCY;
        }
        return DatabaseFailure.PERMANENT;
    }
}
