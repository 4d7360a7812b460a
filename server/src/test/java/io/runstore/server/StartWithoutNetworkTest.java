package io.runstore.server;

import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server started as an operator starts it (its own JVM, no test framework on the stack, which Axon's update
 * checker would take as a reason to stay quiet) calls nowhere: Axon's update checker is off by default, so a start
 * without network prints no update-checker line and no stack trace. The checker's address is pointed at a closed
 * local port, as a cluster without network would answer it.
 */
class StartWithoutNetworkTest {

    @Test
    void aStartWithoutNetworkPrintsNoUpdateCheckerStackTrace(@TempDir Path directory) throws Exception {
        TestDatabase database = TestDatabases.create(DatabaseKind.POSTGRESQL);
        Path log = directory.resolve("server.log");
        Process server = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"),
                "-Daxoniq.usage.url=http://127.0.0.1:9/updates/framework",
                RunstoreApplication.class.getName(),
                "--server.port=0", "--spring.profiles.active=command",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(log).contains("Started RunstoreApplication")) {
                assertThat(server.isAlive()).as("server running; its output:%n%s", Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("started within 90 s").isLessThan(deadline);
                Thread.sleep(200);
            }
            Thread.sleep(2000);
        } finally {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }

        String output = Files.readString(log);
        assertThat(output).doesNotContain("libraries will be checked for updates")
                .doesNotContain("UpdateChecker failed")
                .doesNotContain("at org.axonframework.updates");
    }
}
