package io.runstore.query.task;

import io.runstore.query.config.QueryDsl;
import io.runstore.query.listing.PageTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

@Configuration(proxyBeanMethods = false)
@Profile("query")
class TaskQueryConfig {

    @Bean
    TaskReader taskReader(QueryDsl dsl, PageTokens tokens) {
        return new TaskReader(dsl.dsl(), tokens);
    }
}
