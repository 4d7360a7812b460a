package io.runstore.server.schema;

import io.runstore.command.idempotency.CommandLogSchema;
import io.runstore.eventstore.EventStoreSchema;
import io.runstore.publisher.PublisherSchema;
import io.runstore.readtables.ReadTablesSchema;
import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;

import javax.sql.DataSource;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The schemas in runstore's database: which role migrates each, which roles read or write it. The command line
 * ({@code cli}) reads the event store and the read tables, and migrates nothing; its {@code publisher} command
 * ({@code cli-publisher}) the event store and the publisher's position.
 */
enum DatabaseSchema {
    EVENT_STORE("event store", "command", Set.of("command", "projector", "query", "publisher", "cli",
            SchemasOnStart.CLI_PUBLISHER),
            EventStoreSchema::flyway),
    COMMAND_LOG("command log", "command", Set.of("command"), CommandLogSchema::flyway),
    READ_TABLES("read tables", "projector", Set.of("projector", "query", "cli"),
            ReadTablesSchema::flyway),
    PUBLISHER("publisher position", "publisher", Set.of("publisher", SchemasOnStart.CLI_PUBLISHER),
            PublisherSchema::flyway);

    final String description;
    /** The role that migrates it when {@code runstore.schema.migrate-on-start} is on. */
    final String owner;
    final Set<String> usedBy;
    private final BiFunction<DataSource, SQLDialect, Flyway> flyway;

    DatabaseSchema(String description, String owner, Set<String> usedBy,
                   BiFunction<DataSource, SQLDialect, Flyway> flyway) {
        this.description = description;
        this.owner = owner;
        this.usedBy = usedBy;
        this.flyway = flyway;
    }

    Flyway flyway(DataSource dataSource, SQLDialect dialect) {
        return flyway.apply(dataSource, dialect);
    }
}
