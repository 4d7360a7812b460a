package io.runstore.query.run;

import io.runstore.query.config.QueryDsl;
import io.runstore.query.listing.PageTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

@Configuration(proxyBeanMethods = false)
@Profile("query")
class RunQueryConfig {

    @Bean
    RunLister runLister(QueryDsl dsl, PageTokens tokens) {
        return new RunLister(dsl.dsl(), tokens);
    }

    @Bean
    RunReader runReader(QueryDsl dsl) {
        return new RunReader(dsl.dsl());
    }
}
