package io.runstore.server.config;

import io.runstore.query.consistency.ConsistencyWait;
import io.runstore.security.RunNamespaces;
import io.runstore.server.consistency.ReadYourWritesFilter;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import java.time.Duration;

/**
 * Writes wait for their events to be visible to reads ({@code runstore.command.read-your-writes-wait}, {@code 0}: off)
 * unless the client reads with the consistency token.
 */
@Configuration(proxyBeanMethods = false)
@Profile("command")
class ReadYourWritesConfig {

    /**
     * At most {@code runstore.command.read-your-writes-max-waiters} writes wait at a time; a write beyond that, or
     * on a run parked as a dead letter, is answered at once (it is written; its token still lets a read wait).
     */
    @Bean
    FilterRegistrationBean<ReadYourWritesFilter> readYourWritesFilter(
            DSLContext dsl, RunNamespaces namespaces,
            @Value("${runstore.command.read-your-writes-wait:2s}") Duration limit,
            @Value("${runstore.command.read-your-writes-max-waiters:32}") int maxWaiters) {
        FilterRegistrationBean<ReadYourWritesFilter> registration = new FilterRegistrationBean<>(
                new ReadYourWritesFilter(new ConsistencyWait(dsl, limit, namespaces, maxWaiters), limit));
        registration.addUrlPatterns("/apis/*");
        registration.setEnabled(!limit.isZero());
        return registration;
    }
}
