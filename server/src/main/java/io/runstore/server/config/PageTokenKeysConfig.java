package io.runstore.server.config;

import io.runstore.query.listing.PageTokenKeys;
import io.runstore.server.pagetoken.DatabasePageTokenKeys;
import org.jooq.DSLContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import java.time.Clock;
import java.time.Duration;

/**
 * Without a configured {@code runstore.query.page-token-key}, the query role signs page tokens with the key every
 * replica shares from the database (generated on the first start), so that behind a load balancer any replica
 * accepts another's next-page token.
 */
@Configuration(proxyBeanMethods = false)
@Profile("query")
@ConditionalOnExpression("'${runstore.query.page-token-key:}'.isBlank()")
class PageTokenKeysConfig {

    @Bean
    PageTokenKeys sharedPageTokenKeys(DSLContext dsl) {
        return new DatabasePageTokenKeys(dsl, Duration.ofMinutes(1), Clock.systemUTC());
    }
}
