package io.runstore.projections.processing;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Records, in the order they happen, the SQL statements run through a {@link DataSource} and the transaction calls
 * made on its connections ({@code SAVEPOINT}, {@code ROLLBACK TO SAVEPOINT}, {@code COMMIT}, {@code ROLLBACK}), at the
 * JDBC level: whatever builds the statements (jOOQ, a JDBC template) is seen. Other threads add {@link #mark marks}
 * to the same sequence.
 */
final class StatementLog {

    static final String SAVEPOINT = "SAVEPOINT";
    static final String ROLLBACK_TO_SAVEPOINT = "ROLLBACK TO SAVEPOINT";
    static final String COMMIT = "COMMIT";
    static final String ROLLBACK = "ROLLBACK";

    private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    private final List<String> entries = new ArrayList<>();

    /** The data source, recording. */
    DataSource wrap(DataSource dataSource) {
        return proxy(DataSource.class, dataSource, (method, args) -> {
        });
    }

    /** Adds an entry of the caller's own (another thread's progress) and returns its index. */
    synchronized int mark(String entry) {
        entries.add(entry);
        return entries.size() - 1;
    }

    /** The entries from index {@code from} (inclusive) to {@code to} (exclusive). */
    synchronized List<String> between(int from, int to) {
        return List.copyOf(entries.subList(from, to));
    }

    synchronized int indexOf(String entry, int from) {
        for (int i = from; i < entries.size(); i++) {
            if (entries.get(i).equals(entry)) {
                return i;
            }
        }
        return -1;
    }

    private interface Recorder {
        void record(Method method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<T> type, T target, Recorder recorder) {
        InvocationHandler handler = (proxy, method, args) -> {
            recorder.record(method, args);
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return wrapResult(method, args, result);
        };
        return (T) Proxy.newProxyInstance(StatementLog.class.getClassLoader(), new Class<?>[]{type}, handler);
    }

    @SuppressWarnings("unchecked")
    private Object wrapResult(Method method, Object[] args, Object result) {
        if (result instanceof Connection connection && method.getReturnType() == Connection.class) {
            return proxy(Connection.class, connection, this::connectionCall);
        }
        if (result instanceof Statement statement && Statement.class.isAssignableFrom(method.getReturnType())) {
            String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
            Class<Statement> type = (Class<Statement>) method.getReturnType();
            return proxy(type, statement, (call, callArgs) -> {
                if (EXECUTE.contains(call.getName())) {
                    mark(callArgs != null && callArgs.length > 0 && callArgs[0] instanceof String text ? text
                            : String.valueOf(sql));
                }
            });
        }
        return result;
    }

    private void connectionCall(Method method, Object[] args) {
        switch (method.getName()) {
            case "setSavepoint" -> mark(SAVEPOINT);
            case "commit" -> mark(COMMIT);
            case "rollback" -> mark(args == null || args.length == 0 ? ROLLBACK : ROLLBACK_TO_SAVEPOINT);
            default -> {
            }
        }
    }
}
