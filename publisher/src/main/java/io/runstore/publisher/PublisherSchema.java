package io.runstore.publisher;

import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;

import javax.sql.DataSource;

/**
 * The publisher's own table, {@code publisher_position} (Flyway, history in {@code flyway_history_publisher}; one
 * script per database). The publisher role migrates it.
 */
public final class PublisherSchema {

    private PublisherSchema() {
    }

    /** The schema's migrations, ready to migrate, or to tell how far the database is ({@code info()}). */
    public static Flyway flyway(DataSource dataSource, SQLDialect dialect) {
        String vendor = dialect.family() == SQLDialect.POSTGRES ? "postgresql" : "mysql";
        return Flyway.configure()
                .dataSource(dataSource)
                .table("flyway_history_publisher")
                .locations("classpath:db/publisher/" + vendor)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }
}
