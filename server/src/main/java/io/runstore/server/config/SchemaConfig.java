package io.runstore.server.config;

import io.runstore.server.database.SchemaChangeConnections;
import io.runstore.server.schema.SchemasOnStart;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

import javax.sql.DataSource;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Brings the database's schemas to the version this build needs, or checks them, before any other bean uses them
 * ({@code runstore.schema.migrate-on-start}, default true).
 */
@Configuration(proxyBeanMethods = false)
class SchemaConfig {

    @Bean
    SchemasOnStart schemasOnStart(DataSource dataSource, DSLContext dsl, Environment environment,
                                  @Value("${runstore.schema.migrate-on-start:true}") boolean migrateOnStart) {

        Set<String> roles = SchemasOnStart.ROLES.stream()
                .filter(role -> environment.acceptsProfiles(Profiles.of(role)))
                .collect(Collectors.toSet());
        return SchemasOnStart.prepare(new SchemaChangeConnections(dataSource), dsl.dialect(), roles, migrateOnStart);
    }
}
