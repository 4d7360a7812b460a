package io.runstore.server.database;

import io.runstore.database.LockWait;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * Bounds how long a statement waits for the database's next bytes: a database host that stops answering without
 * closing the connection (a network partition, a host that died after a query was sent) otherwise holds the caller and
 * its pooled connection until the operating system gives the connection up, hours later; the statements' own timeouts
 * do not help, as their cancel request goes to the same silent host. Reads and writes get the driver's network
 * timeout ({@link Connection#setNetworkTimeout}); when it passes, the driver closes the connection, the failure is a
 * connection failure (503 with Retry-After for a request) and the pool replaces the connection. Schema changes (a
 * rebuild's index builds and table switches, which may legitimately take minutes: statements that begin with CREATE,
 * ALTER, DROP, RENAME or TRUNCATE) run without one, and so does a wait for a lock held on purpose ({@link LockWait}:
 * the live projector at the gate a rebuild holds while it switches tables); a SET is bounded like a read (a ListRuns
 * transaction on PostgreSQL begins with one). The pool restores the connection's own timeout when it is returned.
 */
public final class ResponseTimeout implements ExecuteListener {

    private static final Executor CALLER = Runnable::run;
    private static final Pattern SCHEMA_CHANGE = Pattern.compile("^\\s*(create|alter|drop|rename|truncate)\\b");

    private final int millis;

    public ResponseTimeout(Duration timeout) {
        this.millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    @Override
    public void executeStart(ExecuteContext ctx) {
        Connection connection = ctx.connection();
        if (connection == null) {
            return;
        }
        try {
            boolean unbounded = schemaChange(ctx.sql()) || LockWait.marks(ctx.configuration().data(LockWait.DATA_KEY));
            connection.setNetworkTimeout(CALLER, unbounded ? 0 : millis);
        } catch (SQLException e) {
            ctx.sqlException(e);
        }
    }

    static boolean schemaChange(String sql) {
        return sql != null && SCHEMA_CHANGE.matcher(sql.toLowerCase(Locale.ROOT)).find();
    }
}
