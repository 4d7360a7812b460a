package io.runstore.server.config;

import io.runstore.server.database.MysqlPoolDefaults;
import io.runstore.server.database.PoolTimeouts;
import io.runstore.server.database.ResponseTimeout;
import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The connection pool's timeouts from {@code runstore.database.unavailable-timeout} ({@link PoolTimeouts}), its
 * driver properties on MySQL ({@link MysqlPoolDefaults}), and the bound on a statement's wait for a silent database,
 * {@code runstore.database.response-timeout} ({@link ResponseTimeout}, on every statement of the server's jOOQ). A bean
 * post-processor is made before the other beans, so it binds the setting itself instead of taking the properties bean.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseTimeoutsConfig {

    @Bean
    static PoolTimeouts poolTimeouts(Environment environment) {
        Binder binder = Binder.get(environment);
        DatabaseProperties database = binder.bindOrCreate("runstore.database", DatabaseProperties.class);
        return new PoolTimeouts(database.unavailableTimeout(), database.responseTimeout(),
                given(binder, "connection-timeout"),
                given(binder, "validation-timeout"));
    }

    /** MySQL's driver with the properties runstore wants where the URL does not say otherwise. */
    @Bean
    static MysqlPoolDefaults mysqlPoolDefaults() {
        return new MysqlPoolDefaults();
    }

    /** Spring Boot's jOOQ configuration takes every listener provider bean. */
    @Bean
    ExecuteListenerProvider responseTimeout(DatabaseProperties database) {
        return new DefaultExecuteListenerProvider(new ResponseTimeout(database.responseTimeout()));
    }

    private static boolean given(Binder binder, String hikariProperty) {
        return binder.bind("spring.datasource.hikari." + hikariProperty, String.class).isBound();
    }
}
