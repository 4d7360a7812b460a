package io.runstore.readtables;

import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;

import javax.sql.DataSource;

/**
 * The read tables' schema: Flyway migrations (history in {@code flyway_history_projections}), the portable scripts of
 * {@code db/projections/common} first, then the vendor-only ones. The projector role migrates it; a role that only
 * reads it checks it.
 */
public final class ReadTablesSchema {

    private ReadTablesSchema() {
    }

    /** Brings the read tables of this database up to date. */
    public static void migrate(DataSource dataSource, SQLDialect dialect) {
        flyway(dataSource, dialect).migrate();
    }

    /** The schema's migrations, ready to migrate, or to tell how far the database is ({@code info()}). */
    public static Flyway flyway(DataSource dataSource, SQLDialect dialect) {
        String vendor = dialect.family() == SQLDialect.POSTGRES ? "postgresql" : "mysql";
        return Flyway.configure()
                .dataSource(dataSource)
                .table("flyway_history_projections")
                .locations("classpath:db/projections/common", "classpath:db/projections/" + vendor)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }
}
