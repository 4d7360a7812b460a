package io.runstore.server.command;

import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While the database cannot be reached, a write is answered 503 with Retry-After and leaves nothing behind; once it
 * is back, writes succeed again. The database is reached through a proxy the test cuts. In multi-user mode the
 * security chain looks up the run's namespace first: that lookup failing is the same 503.
 */
abstract class DatabaseOutageTest {

    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+)(?::(\\d+))?/");
    static CuttableProxy proxy;

    @LocalServerPort
    int port;
    @Autowired
    EventStorageEngine storageEngine;

    static void useDatabaseThroughProxy(DynamicPropertyRegistry registry, DatabaseKind kind) {
        TestDatabase database = TestDatabases.create(kind);
        Matcher address = HOST_PORT.matcher(database.jdbcUrl());
        if (!address.find()) {
            throw new IllegalStateException("no host in " + database.jdbcUrl());
        }
        int databasePort = address.group(2) != null ? Integer.parseInt(address.group(2))
                : kind == DatabaseKind.POSTGRESQL ? 5432 : 3306;
        try {
            proxy = new CuttableProxy(address.group(1), databasePort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = database.jdbcUrl().substring(0, address.start()) + "//127.0.0.1:" + proxy.port() + "/"
                + database.jdbcUrl().substring(address.end());
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
        registry.add("spring.datasource.hikari.validation-timeout", () -> "500");
    }

    @AfterAll
    static void closeProxy() throws IOException {
        proxy.close();
    }

    /** The headers that say who is calling (none in single-user mode). */
    String[] identity() {
        return new String[0];
    }

    /** Where runs are created (multi-user mode names a namespace). */
    String runs() {
        return CommandApiTest.RUNS;
    }

    @Test
    void writesAreUnavailableWithRetryAfterWhileTheDatabaseIsDownAndLeaveNothing() throws Exception {
        Http http = new Http(port);
        String run = http.post(runs(),
                "{\"display_name\": \"run\", \"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}}",
                identity()).json().get("run_id").asText();

        proxy.cut();
        Http.Answer archive = http.post(CommandApiTest.RUNS + "/" + run + ":archive", null, identity());
        String[] keyed = java.util.stream.Stream.concat(java.util.Arrays.stream(identity()),
                java.util.stream.Stream.of("Idempotency-Key", "during-outage")).toArray(String[]::new);
        Http.Answer create = http.post(runs(), "{\"display_name\": \"x\", "
                + "\"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}}", keyed);
        proxy.restore();

        assertThat(archive.status()).as(archive.body()).isEqualTo(503);
        assertThat(archive.retryAfter()).isEqualTo("1");
        assertThat(archive.json().get("code").asInt()).isEqualTo(14);
        assertThat(create.status()).as(create.body()).isEqualTo(503);
        Http.Answer after = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.post(CommandApiTest.RUNS + "/" + run + ":unarchive", null, identity()),
                        answer -> answer.status() == 200);
        assertThat(after.token()).isEqualTo(run + ":0");
        List<String> types = new ArrayList<>();
        storageEngine.readEvents(run).asStream().forEach(event -> types.add(event.getPayloadType().getSimpleName()));
        assertThat(types).containsExactly("RunCreated");
    }
}
