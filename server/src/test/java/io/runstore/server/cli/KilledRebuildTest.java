package io.runstore.server.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RunStateReported;
import io.runstore.events.run.RuntimeState;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rebuild run as its own process (the jar's main class) and killed with SIGKILL at random points of its build, five
 * times, while the server's live projector runs: each run after a kill continues from the lanes' committed positions
 * (the rebuild recorded in the database survives every kill), and the rebuild that is finally let finish switches in
 * tables that {@code check} finds equal to a build from scratch. Run once per database.
 */
abstract class KilledRebuildTest {

    abstract DatabaseKind databaseKind();

    @Test
    void aRebuildKilledFiveTimesResumesAndEndsEqualToABuildFromScratch() throws Exception {
        TestDatabase database = TestDatabases.create(databaseKind());
        List<String> serverArgs = new ArrayList<>(arguments(database));
        serverArgs.add("--server.port=0");
        RunstoreCommand root = new RunstoreCommand();
        assertThat(RunstoreCommand.commandLine(root).execute(serverArgs.toArray(String[]::new))).isZero();
        try (ConfigurableApplicationContext server = root.server();
             HikariDataSource dataSource = database.newDataSource(2)) {
            EventStore eventStore = server.getBean(EventStore.class);
            for (int batch = 0; batch < 40; batch++) {
                List<EventMessage<?>> events = new ArrayList<>();
                for (int run = batch * 50; run < (batch + 1) * 50; run++) {
                    String runId = "killed-" + run;
                    events.add(new GenericDomainEventMessage<>("Run", runId, 0, new RunCreated(runId, "",
                            "exp-" + run % 7, "run " + run, "", new PipelineVersionReference("p", "v"), null, null,
                            "", "", null, Instant.now(), Instant.now())));
                    for (int sequence = 1; sequence < 10; sequence++) {
                        events.add(new GenericDomainEventMessage<>("Run", runId, sequence, new RunStateReported(runId,
                                sequence == 9 ? RuntimeState.SUCCEEDED : RuntimeState.RUNNING, null, Instant.now())));
                    }
                }
                eventStore.publish(events);
            }
            DSLContext dsl = DSL.using(dataSource, database.dialect());
            long head = dsl.fetchOne("SELECT MAX(position) FROM event_log").get(0, Long.class);
            assertThat(head).isEqualTo(20_000);

            Random random = new Random(18);
            List<Long> killedAt = new ArrayList<>();
            for (int kill = 0; kill < 5; kill++) {
                long target = head * (5 + random.nextInt(85)) / 100;
                Process rebuild = rebuildProcess(database);
                long position = -1;
                while (rebuild.isAlive() && (position = lowestLane(dsl)) < target) {
                    Thread.sleep(random.nextInt(30));
                }
                rebuild.destroyForcibly();
                assertThat(rebuild.waitFor(1, TimeUnit.MINUTES)).isTrue();
                assertThat(rebuild.exitValue()).as("killed, not finished").isNotZero();
                long after = lowestLane(dsl);
                assertThat(after).as("the rebuild's state survives the kill").isGreaterThanOrEqualTo(0);
                killedAt.add(after);
            }
            assertThat(killedAt).as("each run continued where the previous one was killed").isSorted();

            String finished = execute(database, "rebuild", "--lanes=3", "--chunk=100", "--progress=lines");
            assertThat(finished).contains("continuing the rebuild under way").contains("switched");
            assertThat(execute(database, "check", "--progress=lines")).contains("compared 2000 runs")
                    .contains("0 differences");

            dsl.execute("UPDATE run_list SET display_name = 'tampered' WHERE run_id IN ('killed-3', 'killed-4')");
            assertThat(execute(database, "replay", "--runs=killed-3,killed-4")).contains("rebuilt the rows of 2 runs "
                    + "from 20 events");
            assertThat(execute(database, "replay", "--after=100", "--up-to=200"))
                    .contains("replayed 100 events after position 100 up to 200");
            assertThat(execute(database, "check", "--progress=lines")).contains("0 differences");
        }
    }

    /** The lowest lane position of the rebuild under way; -1 while there is none. */
    private static long lowestLane(DSLContext dsl) {
        try {
            Long lowest = dsl.fetchOne("SELECT MIN(position) FROM projection_replay_lane WHERE replay_name = ?",
                    "rebuild").get(0, Long.class);
            return lowest == null ? -1 : lowest;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static Process rebuildProcess(TestDatabase database) throws Exception {
        List<String> command = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-cp", System.getProperty("java.class.path"), RunstoreCommand.class.getName(), "rebuild",
                "--lanes=3", "--chunk=100", "--progress=lines"));
        command.addAll(arguments(database));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static String execute(TestDatabase database, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(arguments(database));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = RunstoreCommand.commandLine(new RunstoreCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute(args.toArray(String[]::new))).as(out + "\n" + err).isZero();
        return out.toString();
    }

    private static List<String> arguments(TestDatabase database) {
        return java.util.Arrays.stream(database.springProperties()).map(property -> "--" + property).toList();
    }
}
