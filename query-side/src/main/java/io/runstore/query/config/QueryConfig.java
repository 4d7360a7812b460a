package io.runstore.query.config;

import io.runstore.eventstore.RunHistory;
import io.runstore.query.auth.AuthProperties;
import io.runstore.query.auth.Callers;
import io.runstore.query.auth.ReadGate;
import io.runstore.query.consistency.ConsistencyWait;
import io.runstore.query.experiment.ExperimentReader;
import io.runstore.query.history.RunHistoryReader;
import io.runstore.query.listing.PageTokens;
import io.runstore.query.mlmd.MlmdReader;
import io.runstore.query.run.RunLister;
import io.runstore.query.run.RunReader;
import io.runstore.query.run.UnprojectedRuns;
import io.runstore.query.sql.QueryDsl;
import io.runstore.query.task.TaskReader;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The query role's beans: its jOOQ context, page-token signing, authentication and the read-your-writes wait, the
 * readers of runs, tasks, a run's history and its ML Metadata objects.
 */
@Configuration(proxyBeanMethods = false)
@Profile("query")
@EnableConfigurationProperties({QueryProperties.class, AuthProperties.class})
class QueryConfig {

    private static final Logger log = LoggerFactory.getLogger(QueryConfig.class);

    @Bean
    QueryDsl queryDsl(DSLContext dsl, QueryProperties properties) {
        return new QueryDsl(dsl, properties.statementTimeout());
    }

    @Bean
    PageTokens pageTokens(QueryProperties properties) {
        if (properties.pageTokenKey() == null || properties.pageTokenKey().isBlank()) {
            log.warn("runstore.query.page-token-key is not set: page tokens are signed with a random key and do not "
                    + "survive a restart nor work across replicas");
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return new PageTokens(key);
        }
        return new PageTokens(properties.pageTokenKey().getBytes(StandardCharsets.UTF_8));
    }

    @Bean
    RunLister runLister(QueryDsl dsl, PageTokens tokens) {
        return new RunLister(dsl.dsl(), tokens);
    }

    @Bean
    RunReader runReader(QueryDsl dsl) {
        return new RunReader(dsl.dsl());
    }

    @Bean
    ExperimentReader experimentReader(QueryDsl dsl, PageTokens tokens) {
        return new ExperimentReader(dsl.dsl(), tokens);
    }

    @Bean
    TaskReader taskReader(QueryDsl dsl, PageTokens tokens) {
        return new TaskReader(dsl.dsl(), tokens);
    }

    @Bean
    MlmdReader mlmdReader(QueryDsl dsl) {
        return new MlmdReader(dsl.dsl());
    }

    @Bean
    RunHistoryReader runHistoryReader(RunHistory history, PageTokens tokens) {
        return new RunHistoryReader(history, tokens);
    }

    @Bean
    ConsistencyWait consistencyWait(QueryProperties properties, QueryDsl dsl) {
        return new ConsistencyWait(dsl.dsl(), properties.consistencyWait());
    }

    @Bean
    ReadGate readGate(AuthProperties auth, ConsistencyWait consistencyWait) {
        return new ReadGate(new Callers(auth), consistencyWait);
    }

    @Bean
    UnprojectedRuns unprojectedRuns(RunHistory history, ConsistencyWait consistencyWait) {
        return new UnprojectedRuns(history, consistencyWait);
    }
}
