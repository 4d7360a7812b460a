package io.runstore.server.database;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.database.MysqlDriverDefaults;
import org.springframework.beans.factory.config.BeanPostProcessor;

import java.time.Duration;
import java.util.Locale;

/**
 * Bounds how long a request waits for a database it cannot reach: the connection pool's wait for a connection
 * (Hikari's default is 30 s) becomes {@code runstore.database.unavailable-timeout}, and the check of a pooled
 * connection before it is lent (Hikari's default 5 s, a socket timeout while it runs) half of it, so a database that
 * refuses connections, or one that stopped answering on the pool's idle connections, fails a request within about that
 * time; the web answers turn the failure into 503 with Retry-After. A pool setting given explicitly
 * ({@code spring.datasource.hikari.connection-timeout}, {@code validation-timeout}) is left as it is. Every connection's
 * wait for the database's next bytes, its login included, is bounded by {@code runstore.database.response-timeout}
 * (the driver's {@code socketTimeout}, unless the URL or the pool's data-source properties give one): a pool whose
 * connection attempt went to a silent host gets its connection-making thread back. {@link ResponseTimeout} lifts it for
 * schema changes.
 * <p>
 * The check before lending stays Hikari's: a connection idle for more than 500 ms is checked (one exchange with the
 * database) before it is lent. Skipping it for longer idle times (Hikari's {@code com.zaxxer.hikari.aliveBypassWindowMs})
 * would save that exchange on a request that follows an idle moment, but the exchange after an idle moment that costs
 * (the database's process waking, 0.6-1 ms here) is then the request's first statement instead, and the one after it
 * costs about 0.08 ms at p50 (docs/benchmarks/listruns-200k.md, the idle-gap probe). Without the check, a connection
 * that died while idle (the database restarted) would fail its next request with 503 instead of being replaced unseen
 * (DatabaseOutageTest expects every request to succeed once the database is back).
 */
public final class PoolTimeouts implements BeanPostProcessor {

    /** Hikari refuses anything shorter. */
    private static final long HIKARI_MINIMUM_MILLIS = 250;

    private static final String SOCKET_TIMEOUT = "socketTimeout";

    private final Duration unavailableTimeout;
    private final Duration responseTimeout;
    private final boolean connectionTimeoutGiven;
    private final boolean validationTimeoutGiven;

    public PoolTimeouts(Duration unavailableTimeout, Duration responseTimeout, boolean connectionTimeoutGiven,
                        boolean validationTimeoutGiven) {
        this.unavailableTimeout = unavailableTimeout;
        this.responseTimeout = responseTimeout;
        this.connectionTimeoutGiven = connectionTimeoutGiven;
        this.validationTimeoutGiven = validationTimeoutGiven;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool) {
            apply(pool);
        }
        return bean;
    }

    void apply(HikariDataSource pool) {
        long connection = Math.max(HIKARI_MINIMUM_MILLIS, unavailableTimeout.toMillis());
        if (!connectionTimeoutGiven) {
            pool.setConnectionTimeout(connection);
        }
        if (!validationTimeoutGiven) {
            pool.setValidationTimeout(Math.max(HIKARI_MINIMUM_MILLIS, pool.getConnectionTimeout() / 2));
        }
        if (responseTimeout.isZero() || socketTimeoutGiven(pool)) {
            return;
        }
        if (MysqlDriverDefaults.appliesTo(pool.getJdbcUrl())) {
            pool.addDataSourceProperty(SOCKET_TIMEOUT, String.valueOf(responseTimeout.toMillis()));
        } else if (pool.getJdbcUrl() != null && pool.getJdbcUrl().startsWith("jdbc:postgresql:")) {
            pool.addDataSourceProperty(SOCKET_TIMEOUT, String.valueOf((responseTimeout.toMillis() + 999) / 1000));
        }
    }

    private static boolean socketTimeoutGiven(HikariDataSource pool) {
        String url = pool.getJdbcUrl() == null ? "" : pool.getJdbcUrl().toLowerCase(Locale.ROOT);
        return url.contains(SOCKET_TIMEOUT.toLowerCase(Locale.ROOT) + "=")
                || pool.getDataSourceProperties().containsKey(SOCKET_TIMEOUT);
    }
}
