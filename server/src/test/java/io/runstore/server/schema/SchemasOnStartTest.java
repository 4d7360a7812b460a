package io.runstore.server.schema;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.server.RunstoreApplication;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.runstore.server.schema.DatabaseSchema.COMMAND_LOG;
import static io.runstore.server.schema.DatabaseSchema.EVENT_STORE;
import static io.runstore.server.schema.DatabaseSchema.PUBLISHER;
import static io.runstore.server.schema.DatabaseSchema.READ_TABLES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each role migrates the schemas it owns and checks the ones it only uses; a role that finds a schema behind refuses
 * to start, saying what to run. Run once per database, each case on a fresh one.
 */
abstract class SchemasOnStartTest {

    abstract DatabaseKind kind();

    @Test
    void oneProcessWithEveryRoleMigratesEverySchemaAndAQueryProcessThenFindsThemCurrent() {
        TestDatabase database = TestDatabases.create(kind());
        try (HikariDataSource dataSource = database.newDataSource(2)) {
            SchemasOnStart all = SchemasOnStart.prepare(dataSource, database.dialect(),
                    Set.of("command", "projector", "query"), true);
            SchemasOnStart query = SchemasOnStart.prepare(dataSource, database.dialect(), Set.of("query"), true);

            assertThat(all.migrated()).containsExactlyInAnyOrder(EVENT_STORE, COMMAND_LOG, READ_TABLES);
            assertThat(all.checked()).isEmpty();
            assertThat(query.migrated()).isEmpty();
            assertThat(query.checked()).containsExactlyInAnyOrder(EVENT_STORE, READ_TABLES);
        }
    }

    @Test
    void aProjectorMigratesTheReadTablesButNeedsTheCommandRoleForTheEventStore() {
        TestDatabase database = TestDatabases.create(kind());
        try (HikariDataSource dataSource = database.newDataSource(2)) {
            assertThatThrownBy(() -> SchemasOnStart.prepare(dataSource, database.dialect(), Set.of("projector"), true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the event store schema of this database is at version none")
                    .hasMessageContaining("Run a server with the command role on this database first");

            SchemasOnStart.prepare(dataSource, database.dialect(), Set.of("command"), true);
            SchemasOnStart projector = SchemasOnStart.prepare(dataSource, database.dialect(), Set.of("projector"),
                    true);
            assertThat(projector.migrated()).containsExactly(READ_TABLES);
            assertThat(projector.checked()).containsExactly(EVENT_STORE);
        }
    }

    @Test
    void withoutMigrateOnStartEvenTheOwningRoleOnlyChecks() {
        TestDatabase database = TestDatabases.create(kind());
        try (HikariDataSource dataSource = database.newDataSource(2)) {
            assertThatThrownBy(() -> SchemasOnStart.prepare(dataSource, database.dialect(), Set.of("command"), false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the event store schema")
                    .hasMessageContaining("with the command role and runstore.schema.migrate-on-start=true");
        }
    }

    @Test
    void aQueryServerOnAnEmptyDatabaseDoesNotStart() {
        TestDatabase database = TestDatabases.create(kind());
        List<String> arguments = new ArrayList<>(List.of("--server.port=0"));
        for (String property : database.springProperties()) {
            arguments.add("--" + property);
        }

        assertThatThrownBy(() -> new SpringApplicationBuilder(RunstoreApplication.class).profiles("query")
                .run(arguments.toArray(String[]::new)).close())
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot start: the event store schema")
                .hasMessageContaining("Run a server with the command role");
    }

    @Test
    void theMigrateRoleStartsWithoutAnHttpPortAndMigratesEverySchemaForTheOtherRoles() {
        TestDatabase database = TestDatabases.create(kind());
        List<String> arguments = new ArrayList<>();
        for (String property : database.springProperties()) {
            arguments.add("--" + property);
        }

        try (ConfigurableApplicationContext migrate = new SpringApplicationBuilder(RunstoreApplication.class)
                .profiles("migrate").run(arguments.toArray(String[]::new))) {
            assertThat(migrate).isNotInstanceOf(WebServerApplicationContext.class);
            assertThat(migrate.getBean(SchemasOnStart.class).migrated())
                    .containsExactlyInAnyOrder(EVENT_STORE, COMMAND_LOG, READ_TABLES, PUBLISHER);
        }
        try (HikariDataSource dataSource = database.newDataSource(2)) {
            SchemasOnStart everyRole = SchemasOnStart.prepare(dataSource, database.dialect(),
                    Set.of("command", "projector", "query", "publisher"), false);
            assertThat(everyRole.checked()).containsExactlyInAnyOrder(EVENT_STORE, COMMAND_LOG, READ_TABLES,
                    PUBLISHER);
        }
    }
}
