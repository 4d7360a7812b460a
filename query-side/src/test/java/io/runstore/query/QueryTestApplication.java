package io.runstore.query;

import io.runstore.events.EventJson;
import io.runstore.eventstore.RunHistory;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jooq.DefaultConfigurationCustomizer;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** The query role alone, on a test database whose read tables the tests fill. */
@SpringBootApplication
public class QueryTestApplication {

    /** A run's history as the server wires it, without upcasters (the tests write current revisions only). */
    @Bean
    RunHistory runHistory(DSLContext dsl) {
        return new RunHistory(dsl, JacksonSerializer.builder().objectMapper(EventJson.newObjectMapper()).build(),
                NoOpEventUpcaster.INSTANCE);
    }

    @Bean
    DefaultConfigurationCustomizer dialect(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String product = (connection.getMetaData().getDatabaseProductName() + " "
                    + connection.getMetaData().getDatabaseProductVersion()).toLowerCase();
            SQLDialect dialect = product.contains("postgres") ? SQLDialect.POSTGRES
                    : product.contains("mariadb") ? SQLDialect.MARIADB : SQLDialect.MYSQL;
            return configuration -> configuration.set(dialect);
        }
    }
}
