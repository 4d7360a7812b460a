package io.runstore.query.config;

import io.runstore.eventstore.RunHistory;
import io.runstore.security.AuthProperties;
import io.runstore.security.Callers;
import io.runstore.security.RunNamespaces;
import org.springframework.beans.factory.ObjectProvider;
import io.runstore.query.auth.ReadGate;
import io.runstore.query.consistency.ConsistencyWait;
import io.runstore.query.experiment.ExperimentReader;
import io.runstore.query.history.RunHistoryReader;
import io.runstore.query.listing.PageTokenKeys;
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
import java.util.ArrayList;
import java.util.List;

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

    /**
     * Page tokens signed with the configured key (and accepting the previous ones configured), else with the keys
     * every replica shares from the database (the server's {@link PageTokenKeys}); alone (a test of this module
     * without the server), with a random key.
     */
    @Bean
    PageTokens pageTokens(QueryProperties properties, ObjectProvider<PageTokenKeys> shared) {
        if (properties.pageTokenKey() != null && !properties.pageTokenKey().isBlank()) {
            List<byte[]> keys = new ArrayList<>();
            keys.add(properties.pageTokenKey().getBytes(StandardCharsets.UTF_8));
            properties.previousPageTokenKeys().forEach(key -> keys.add(key.getBytes(StandardCharsets.UTF_8)));
            List<byte[]> configured = List.copyOf(keys);
            return new PageTokens(() -> configured);
        }
        PageTokenKeys keys = shared.getIfAvailable();
        if (keys != null) {
            return new PageTokens(keys);
        }
        log.warn("runstore.query.page-token-key is not set and no shared key store is wired: page tokens are signed "
                + "with a random key and do not survive a restart nor work across replicas");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new PageTokens(key);
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

    /** The namespaces come from the server's RunNamespaces (creation events); alone, from the runs' history. */
    @Bean
    ConsistencyWait consistencyWait(QueryProperties properties, QueryDsl dsl, ObjectProvider<RunNamespaces> namespaces,
                                    RunHistoryReader history) {
        return new ConsistencyWait(dsl.dsl(), properties.consistencyWait(),
                namespaces.getIfAvailable(() -> history::namespaceOf), properties.maxConsistencyWaiters());
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
