package io.runstore.server.database;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.database.MysqlDriverDefaults;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives a pool on MySQL's driver, before it starts, the properties of {@link MysqlDriverDefaults} that its URL and
 * {@code spring.datasource.hikari.data-source-properties} leave unset, and READ COMMITTED as its connections' level
 * unless {@code spring.datasource.hikari.transaction-isolation} says otherwise. READ COMMITTED is PostgreSQL's default
 * and what the writers ask for anyway (the group commit, the projector): with InnoDB's REPEATABLE READ as the
 * connections' level each of their transactions sets the level and sets it back, two round trips more per group
 * commit.
 */
public final class MysqlPoolDefaults implements BeanPostProcessor {

    static final String ISOLATION = "TRANSACTION_READ_COMMITTED";

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && MysqlDriverDefaults.appliesTo(pool.getJdbcUrl())) {
            apply(pool);
        }
        return bean;
    }

    static void apply(HikariDataSource pool) {
        MysqlDriverDefaults.missingFrom(pool.getJdbcUrl(), pool.getDataSourceProperties())
                .forEach(pool::addDataSourceProperty);
        if (pool.getTransactionIsolation() == null) {
            pool.setTransactionIsolation(ISOLATION);
        }
    }
}
