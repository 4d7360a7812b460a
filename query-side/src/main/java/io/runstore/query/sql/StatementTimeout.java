package io.runstore.query.sql;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/** Recognizes a statement the database or the driver cancelled because it outlasted the query timeout. */
public final class StatementTimeout {

    /** PostgreSQL: query_canceled. */
    private static final String POSTGRES_CANCELED = "57014";
    /** MySQL: query execution interrupted / maximum statement execution time exceeded; MariaDB: max_statement_time. */
    private static final int[] MYSQL_CODES = {1317, 3024, 1969};

    private StatementTimeout() {
    }

    public static boolean causedIt(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTimeoutException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                if (POSTGRES_CANCELED.equals(sql.getSQLState())) {
                    return true;
                }
                for (int code : MYSQL_CODES) {
                    if (sql.getErrorCode() == code) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
