package io.runstore.bench.readmodel;

import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;

import javax.sql.DataSource;

/**
 * Creates runstore's read tables in a benchmark database with the projections module's own migrations (portable
 * scripts, then the vendor's), as the projector role does at start-up.
 */
public final class ReadTables {

    private ReadTables() {
    }

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
