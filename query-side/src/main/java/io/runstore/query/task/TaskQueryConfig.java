package io.runstore.query.task;

import io.runstore.query.config.QueryConfig;
import io.runstore.query.listing.PageTokens;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

@Configuration(proxyBeanMethods = false)
@Profile("query")
class TaskQueryConfig {

    @Bean
    TaskReader taskReader(@Qualifier(QueryConfig.QUERY_DSL) DSLContext dsl, PageTokens tokens) {
        return new TaskReader(dsl, tokens);
    }
}
