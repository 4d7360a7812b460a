package io.runstore.projections.config;

import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
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
        return new ReadTablesMigration(dataSource, dsl.dialect());
    }

    /** Migrates the read tables when the application context starts, before the projectors run. */
    static final class ReadTablesMigration {

        ReadTablesMigration(DataSource dataSource, SQLDialect dialect) {
            migrate(dataSource, dialect);
        }
    }

    /** Brings the read tables of this database up to date. */
    public static void migrate(DataSource dataSource, SQLDialect dialect) {
        String vendor = dialect.family() == SQLDialect.POSTGRES ? "postgresql" : "mysql";
        Flyway.configure()
                .dataSource(dataSource)
                .table("flyway_history_projections")
                .locations("classpath:db/projections/common", "classpath:db/projections/" + vendor)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
