package io.runstore.server.config;

import io.runstore.eventstore.EventLogReader;
import io.runstore.server.replay.ReplayAdmin;
import io.runstore.server.replay.ReplayMetrics;
import org.axonframework.serialization.Serializer;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

/** Replays run from the server (admin API under /apis/runstore/admin/replay) and their metrics. */
@Configuration(proxyBeanMethods = false)
@Profile("!cli & !migrate")
class ReplayConfig {

    @Bean(destroyMethod = "close")
    ReplayAdmin replayAdmin(DSLContext dsl, DataSource dataSource, PlatformTransactionManager transactionManager,
                            EventLogReader reader, Serializer serializer) {
        return new ReplayAdmin(dsl, dataSource, transactionManager, reader, serializer);
    }

    @Bean
    ReplayMetrics replayMetrics(ReplayAdmin admin) {
        return new ReplayMetrics(admin.progress());
    }
}
