package io.runstore.query.run;

import io.runstore.query.config.QueryConfig;
import io.runstore.query.listing.PageTokens;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

@Configuration(proxyBeanMethods = false)
@Profile("query")
class RunQueryConfig {

    @Bean
    RunLister runLister(@Qualifier(QueryConfig.QUERY_DSL) DSLContext dsl, PageTokens tokens) {
        return new RunLister(dsl, tokens);
    }

    @Bean
    RunReader runReader(@Qualifier(QueryConfig.QUERY_DSL) DSLContext dsl) {
        return new RunReader(dsl);
    }
}
