package io.runstore.query.run;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A data source that records each call of its connections that waits for the database's answer: a statement's
 * execution (several statements sent in one execution are one exchange), a commit, a rollback. A PostgreSQL
 * connection opens a transaction with the first statement after {@code setAutoCommit(false)}, in the same exchange,
 * so that call is not one.
 */
final class ExchangeCounting {

    private final List<String> exchanges = new ArrayList<>();

    DataSource wrap(DataSource dataSource) {
        return proxy(DataSource.class, dataSource, (method, result) -> method.getName().equals("getConnection")
                ? proxy(Connection.class, result, this::connectionCall) : result);
    }

    /** The exchanges since the last call, each "execute", "commit" or "rollback". */
    synchronized List<String> take() {
        List<String> taken = List.copyOf(exchanges);
        exchanges.clear();
        return taken;
    }

    private synchronized void record(String exchange) {
        exchanges.add(exchange);
    }

    private Object connectionCall(Method method, Object result) {
        if (method.getName().equals("commit") || method.getName().equals("rollback")) {
            record(method.getName());
        }
        if (result instanceof Statement statement) {
            Class<? extends Statement> type = method.getName().equals("prepareCall") ? java.sql.CallableStatement.class
                    : method.getName().equals("prepareStatement") ? java.sql.PreparedStatement.class : Statement.class;
            return proxy(type, statement, (call, answer) -> {
                if (call.getName().startsWith("execute")) {
                    record("execute");
                }
                return answer;
            });
        }
        return result;
    }

    /** What a proxy does with each call's result, after the call. */
    private interface AfterCall {
        Object apply(Method method, Object result);
    }

    private static <T> T proxy(Class<T> type, Object target, AfterCall after) {
        InvocationHandler handler = (self, method, arguments) -> {
            Object result;
            try {
                result = method.invoke(target, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.apply(method, result);
        };
        return type.cast(Proxy.newProxyInstance(ExchangeCounting.class.getClassLoader(), new Class<?>[]{type},
                handler));
    }
}
