package io.runstore.server.cli;

import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RunStateReported;
import io.runstore.events.run.RuntimeState;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The jar's command line on a real database: with options only it runs the server as before; {@code status}, given
 * the same configuration (before or after its name), reads the head of the log and the live projector's position.
 * Run once per database.
 */
abstract class StatusCommandTest {

    abstract DatabaseKind databaseKind();

    @Test
    void optionsOnlyRunTheServerAndStatusShowsTheProjectorCaughtUp() {
        TestDatabase database = TestDatabases.create(databaseKind());
        List<String> serverArgs = new ArrayList<>(arguments(database));
        serverArgs.add("--server.port=0");
        RunstoreCommand root = new RunstoreCommand();
        assertThat(RunstoreCommand.commandLine(root).execute(serverArgs.toArray(String[]::new))).isZero();
        try (ConfigurableApplicationContext server = root.server()) {
            assertThat(server).as("the server runs").isNotNull();
            assertThat(server.getEnvironment().getActiveProfiles()).isEmpty();
            String runId = "run-status-1";
            server.getBean(EventStore.class).publish(
                    new GenericDomainEventMessage<>("Run", runId, 0, new RunCreated(runId, "", "exp-1", "status run", "",
                            new PipelineVersionReference("p", "v"), null, null, "", "", null, Instant.now(),
                            Instant.now())),
                    new GenericDomainEventMessage<>("Run", runId, 1,
                            new RunStateReported(runId, RuntimeState.RUNNING, null, Instant.now())));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(status(database))
                    .contains("event log: 2 events")
                    .contains("run-list (live projector): position 2, 0 events behind")
                    .contains("dead letters: 0"));
        }
    }

    @Test
    void aDatabaseWithoutTheSchemasIsRefusedSayingWhatToRun() {
        TestDatabase database = TestDatabases.create(databaseKind());
        List<String> args = new ArrayList<>(List.of("status"));
        args.addAll(arguments(database));
        StringWriter err = new StringWriter();
        CommandLine commandLine = RunstoreCommand.commandLine(new RunstoreCommand());
        commandLine.setErr(new PrintWriter(err, true));

        assertThat(commandLine.execute(args.toArray(String[]::new))).isEqualTo(1);
        assertThat(err.toString()).startsWith("status: Cannot start: the event store schema of this database")
                .contains("Run a server with the command role");
    }

    @Test
    void theMigrateRoleMigratesEverySchemaAndExits() {
        TestDatabase database = TestDatabases.create(databaseKind());
        List<String> args = new ArrayList<>(arguments(database));
        args.add("--spring.profiles.active=migrate");
        RunstoreCommand root = new RunstoreCommand();

        assertThat(RunstoreCommand.commandLine(root).execute(args.toArray(String[]::new))).isZero();
        assertThat(root.server()).as("no server left running").isNull();
        assertThat(status(database)).contains("dead letters: 0").contains("read tables:")
                .containsPattern("run_list +ready +no replay under way")
                .as("no projector has backfilled it yet").containsPattern("mlmd_object +backfilling");
    }

    private static String status(TestDatabase database) {
        List<String> properties = arguments(database);
        List<String> args = new ArrayList<>();
        args.add(properties.get(0));
        args.add("status");
        args.addAll(properties.subList(1, properties.size()));
        StringWriter out = new StringWriter();
        CommandLine commandLine = RunstoreCommand.commandLine(new RunstoreCommand());
        commandLine.setOut(new PrintWriter(out, true));
        assertThat(commandLine.execute(args.toArray(String[]::new))).isZero();
        return out.toString();
    }

    private static List<String> arguments(TestDatabase database) {
        return java.util.Arrays.stream(database.springProperties()).map(property -> "--" + property).toList();
    }
}
