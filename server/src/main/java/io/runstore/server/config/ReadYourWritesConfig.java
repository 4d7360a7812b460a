package io.runstore.server.config;

import io.runstore.query.consistency.ConsistencyWait;
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

    @Bean
    FilterRegistrationBean<ReadYourWritesFilter> readYourWritesFilter(
            DSLContext dsl, @Value("${runstore.command.read-your-writes-wait:2s}") Duration limit) {
        FilterRegistrationBean<ReadYourWritesFilter> registration = new FilterRegistrationBean<>(
                new ReadYourWritesFilter(new ConsistencyWait(dsl, limit), limit));
        registration.addUrlPatterns("/apis/*");
        registration.setEnabled(!limit.isZero());
        return registration;
    }
}
