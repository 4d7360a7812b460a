package io.runstore.projections.config;

import io.runstore.projections.schema.ReadTableMigrations;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import javax.sql.DataSource;

/** The projector role owns the read tables: it migrates them (portable scripts, then vendor-only ones). */
@Configuration(proxyBeanMethods = false)
@Profile("projector")
class ReadTablesConfig {

    @Bean
    ReadTablesMigration readTablesMigration(DataSource dataSource, DSLContext dsl) {
        ReadTableMigrations.migrate(dataSource, dsl.dialect());
        return new ReadTablesMigration();
    }

    /** Marks the read tables as migrated when the application context starts, before the projectors run. */
    static final class ReadTablesMigration {
    }
}
