package io.runstore.server.config;

import io.runstore.eventstore.EventLogReader;
import io.runstore.projections.replay.Rebuild;
import io.runstore.server.replay.Backfills;
import io.runstore.server.replay.ReplayAdmin;
import io.runstore.server.replay.ReplayMetrics;
import io.runstore.server.schema.SchemasOnStart;
import org.axonframework.serialization.Serializer;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

/**
 * Replays run from the server (admin API under /apis/runstore/admin/replay), their metrics, and the projector role's
 * backfills of read tables a new version added.
 */
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
        return new ReplayMetrics(admin);
    }

    /** The projector role backfills the read tables this version added (after the schemas are migrated). */
    @Bean(destroyMethod = "close")
    @Profile("projector")
    Backfills backfills(SchemasOnStart schemas, DSLContext dsl, DataSource dataSource,
                        PlatformTransactionManager transactionManager, EventLogReader reader, ReplayAdmin admin,
                        @Value("${runstore.replay.backfill-lanes:4}") int lanes,
                        @Value("${runstore.replay.backfill-chunk:5000}") int chunk) throws InterruptedException {
        Backfills backfills = new Backfills(dsl, dataSource, transactionManager, reader,
                new Rebuild.Options(lanes, chunk, chunk));
        admin.backfills(backfills);
        backfills.start();
        return backfills;
    }
}
