package io.runstore.command.idempotency;

import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;

import javax.sql.DataSource;

/**
 * The command side's own table, {@code command_log} (Flyway, history in {@code flyway_history_command}; one script per
 * database). The command role migrates it.
 */
public final class CommandLogSchema {

    private CommandLogSchema() {
    }

    public static void migrate(DataSource dataSource, SQLDialect dialect) {
        flyway(dataSource, dialect).migrate();
    }

    /** The schema's migrations, ready to migrate, or to tell how far the database is ({@code info()}). */
    public static Flyway flyway(DataSource dataSource, SQLDialect dialect) {
        String vendor = dialect.family() == SQLDialect.POSTGRES ? "postgresql" : "mysql";
        return Flyway.configure()
                .dataSource(dataSource)
                .table("flyway_history_command")
                .locations("classpath:db/command/" + vendor)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }
}
