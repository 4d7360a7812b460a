package io.runstore.server.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.server.RunstoreApplication;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every thread runstore starts ends when the application context closes (an embedding application or a test that
 * closes one context and starts another must not collect them), among them the projector's event-availability
 * watcher and the run snapshotter; and the command interceptors are registered in their declared order. Run once per
 * database.
 */
abstract class ExecutorsEndWithTheContextTest {

    /** The names of the threads runstore's own code starts (replay lanes start with "replay-"). */
    private static final List<String> RUNSTORE_THREADS = List.of("event-availability-watcher", "run-snapshotter",
            "event-group-commit", "event-sequencer", "replay-", "backfill", "runstore-publisher");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    abstract DatabaseKind databaseKind();

    @Test
    void noRunstoreThreadOutlivesTheContext() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        TestDatabase database = TestDatabases.create(databaseKind());
        List<String> args = new ArrayList<>(Arrays.stream(database.springProperties()).map(p -> "--" + p).toList());
        // a snapshot every other event: the snapshotter's thread starts with the first run's second event
        args.addAll(List.of("--server.port=0", "--runstore.grpc.port=0", "--runstore.snapshot.threshold=2"));
        ConfigurableApplicationContext server = new SpringApplicationBuilder(RunstoreApplication.class)
                .run(args.toArray(String[]::new));
        try {
            String runId = JSON.readTree(post(server, "/apis/v2beta1/runs", """
                    {"display_name": "threads", "pipeline_version_reference": {"pipeline_id": "p-1"}}""")).get("run_id")
                    .asText();
            for (String state : List.of("RUNNING", "SUCCEEDED")) {
                post(server, "/apis/v2beta1/runs/" + runId + ":reportState", "{\"state\": \"" + state + "\"}");
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(runstoreThreads(before))
                    .contains("event-availability-watcher", "run-snapshotter", "event-group-commit"));

            // Axon registers the command handler interceptor beans in Spring's order of them
            assertThat(server.getBeanProvider(MessageHandlerInterceptor.class).orderedStream()
                    .map(interceptor -> interceptor.getClass().getSimpleName())
                    .filter(name -> name.equals("IdempotencyInterceptor") || name.equals("StaleRunGuard")))
                    .containsExactly("IdempotencyInterceptor", "StaleRunGuard");
        } finally {
            server.close();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runstoreThreads(before)).isEmpty());
    }

    /** runstore's threads that were started after {@code before} and are alive. */
    private static List<String> runstoreThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> !before.contains(thread))
                .filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> RUNSTORE_THREADS.stream().anyMatch(name::startsWith)).toList();
    }

    private static String post(ConfigurableApplicationContext server, String path, String body) throws Exception {
        String port = server.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
