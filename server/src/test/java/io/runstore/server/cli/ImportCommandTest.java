package io.runstore.server.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import io.runstore.testsupport.kfp.KfpLoader;
import io.runstore.testsupport.kfp.KfpSql;
import io.runstore.testsupport.runs.DataShape;
import io.runstore.testsupport.runs.RunGenerator;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code runstore import} and {@code runstore follow} from the jar's command line, beside a running server on the
 * same database (as an operator runs them before switching from KFP): the import brings every run of a KFP database
 * and a second one nothing; {@code follow} picks up a run created in KFP after the import until it is stopped; a
 * missing or unreachable KFP database is refused with what is wrong. Run once per database.
 */
abstract class ImportCommandTest {

    static final int RUNS = 12;

    static final RunGenerator GENERATOR = new RunGenerator(DataShape.of(RUNS));

    static TestDatabase kfpDatabase;
    static HikariDataSource kfp;

    static void loadKfp(DatabaseKind kind) throws Exception {
        kfpDatabase = TestDatabases.create(kind);
        kfp = kfpDatabase.newDataSource(2);
        new KfpLoader(kfp, KfpSql.of(kfpDatabase.dialect())).load(GENERATOR, 1);
    }

    @AfterAll
    static void closeKfp() {
        if (kfp != null) {
            kfp.close();
        }
    }

    abstract DatabaseKind databaseKind();

    @Test
    void importsAKfpDatabaseOnceThenFollowsItUntilStopped() throws Exception {
        TestDatabase runstore = TestDatabases.create(databaseKind());
        List<String> serverArgs = new ArrayList<>(properties(runstore));
        serverArgs.add("--server.port=0");
        RunstoreCommand root = new RunstoreCommand();
        assertThat(RunstoreCommand.commandLine(root).execute(serverArgs.toArray(String[]::new))).isZero();
        try (ConfigurableApplicationContext server = root.server()) {
            StringWriter first = new StringWriter();
            assertThat(execute(first, "import", runstore, "--threads=2", "--page-size=5")).isZero();
            assertThat(first.toString()).contains("import: 12/12 runs read, 12 with new events, ");

            StringWriter second = new StringWriter();
            assertThat(execute(second, "import", runstore)).isZero();
            assertThat(second.toString()).startsWith("import: 12/12 runs read, 0 with new events, 0 experiments with new events, 0 events appended");

            StringWriter followed = new StringWriter();
            AtomicInteger exitCode = new AtomicInteger(-1);
            Thread follow = new Thread(() -> exitCode.set(execute(followed, "follow", runstore, "--interval=PT0.2S")));
            follow.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> followed.toString().contains("import: "));
                String newRun = "run-created-in-kfp-while-following";
                new KfpLoader(kfp, KfpSql.of(kfpDatabase.dialect())).copyRun(GENERATOR.run(0).runId(), newRun,
                        Instant.now().getEpochSecond());
                EventStorageEngine events = server.getBean(EventStorageEngine.class);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> events.lastSequenceNumberFor(newRun).isPresent());
                await().atMost(Duration.ofSeconds(60)).until(() -> server.getBean(DSLContext.class)
                        .fetchExists(RUN_LIST, RUN_LIST.RUN_ID.eq(newRun)));
            } finally {
                follow.interrupt();
                follow.join(Duration.ofSeconds(60).toMillis());
            }
            assertThat(follow.isAlive()).as("follow stops when interrupted").isFalse();
            assertThat(exitCode.get()).isZero();
            assertThat(followed.toString()).startsWith("import: 12/12 runs read, 0 with new events")
                    .containsPattern("pass: \\d+/\\d+ runs read, 1 with new events");
            assertThat(server.getBean(DSLContext.class).fetchCount(RUN_LIST)).isEqualTo(RUNS + 1);
        }
    }

    @Test
    void aMissingOrUnreachableKfpDatabaseIsRefusedSayingWhy() {
        TestDatabase runstore = TestDatabases.create(databaseKind());
        List<String> migrate = new ArrayList<>(properties(runstore));
        migrate.add("--spring.profiles.active=migrate");
        assertThat(RunstoreCommand.commandLine(new RunstoreCommand()).execute(migrate.toArray(String[]::new))).isZero();
        StringWriter err = new StringWriter();
        CommandLine missing = RunstoreCommand.commandLine(new RunstoreCommand());
        missing.setErr(new PrintWriter(err, true));
        assertThat(missing.execute("import")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--kfp-url=JDBC_URL'");

        String absent = kfpDatabase.jdbcUrl().replaceFirst("//[^/]+/", "//127.0.0.1:1/");
        List<String> args = new ArrayList<>(List.of("import", "--kfp-url=" + absent,
                "--kfp-user=" + kfpDatabase.username()));
        args.addAll(properties(runstore));
        StringWriter unreachable = new StringWriter();
        CommandLine command = RunstoreCommand.commandLine(new RunstoreCommand());
        command.setErr(new PrintWriter(unreachable, true));
        assertThat(command.execute(args.toArray(String[]::new))).isEqualTo(1);
        assertThat(unreachable.toString()).startsWith("import: cannot connect to KFP's database " + absent + " as ");
    }

    private static int execute(StringWriter out, String command, TestDatabase runstore, String... options) {
        List<String> args = new ArrayList<>(List.of(command, "--kfp-url=" + kfpDatabase.jdbcUrl(),
                "--kfp-user=" + kfpDatabase.username(), "--kfp-password=" + kfpDatabase.password()));
        args.addAll(Arrays.asList(options));
        args.addAll(properties(runstore));
        CommandLine commandLine = RunstoreCommand.commandLine(new RunstoreCommand());
        commandLine.setOut(new PrintWriter(out, true));
        return commandLine.execute(args.toArray(String[]::new));
    }

    private static List<String> properties(TestDatabase database) {
        return Arrays.stream(database.springProperties()).map(property -> "--" + property).toList();
    }
}
