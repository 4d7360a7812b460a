package io.runstore.projections.schema;

import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;

import javax.sql.DataSource;

/** The read tables' Flyway migrations: the portable scripts, then the vendor-only ones. */
public final class ReadTableMigrations {

    private ReadTableMigrations() {
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
