package io.runstore.server.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RunStateReported;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskUpdated;
import io.runstore.projections.processing.RunListProjector;
import io.runstore.server.RunstoreApplication;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health per role, with the roles in separate processes on one database: the projector with
 * {@code runstore.projection.dead-letter-health=down} answers its group 503 once it parked an event, while the command
 * role's group in the same process stays UP; a query process (without the projector) reports the projection's position
 * and lag from the database, in health and meters. Run once per database.
 */
abstract class RoleHealthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    abstract DatabaseKind databaseKind();

    @Test
    void eachRoleAnswersForItselfAndTheQueryProcessSeesTheProjectionsLag() throws Exception {
        TestDatabase database = TestDatabases.create(databaseKind());
        try (ConfigurableApplicationContext writer = server(database, List.of("command", "projector"),
                "--runstore.projection.dead-letter-health=down");
             ConfigurableApplicationContext reader = server(database, List.of("query"))) {
            String poisoned = UUID.randomUUID().toString();
            String healthy = UUID.randomUUID().toString();
            append(writer, List.of(
                    event(poisoned, 0, created(poisoned)),
                    event(poisoned, 1, new TaskUpdated(poisoned, "no-such-task", new TaskDetails(null, null, null,
                            null, null, TaskState.SUCCEEDED, null, null, null, null, null, null, null, null, null),
                            Instant.now())),
                    event(healthy, 0, created(healthy))));

            Answer projector = await().atMost(PATIENCE).until(() -> get(writer, "/actuator/health/projector"),
                    answer -> answer.json().at("/components/projection/details/deadLetters").asLong() == 1);
            assertThat(projector.status()).as(projector.toString()).isEqualTo(503);
            assertThat(projector.json().at("/components/projection/status").asText()).isEqualTo("DOWN");
            assertThat(projector.json().at("/components/projection/details/parkedRuns").asLong()).isEqualTo(1);
            assertThat(projector.json().at("/components/projection/details/firstParkedRuns").get(0).asText())
                    .isEqualTo(poisoned);
            Answer command = get(writer, "/actuator/health/command");
            assertThat(command.status()).as(command.toString()).isEqualTo(200);
            assertThat(command.json().get("status").asText()).isEqualTo("UP");
            assertThat(command.json().at("/components/projection").isMissingNode()).isTrue();

            long head = 3;
            Answer caughtUp = await().atMost(PATIENCE).until(() -> get(reader, "/actuator/health/query"),
                    answer -> answer.json().at("/components/projectionLag/details/position").asLong() == head);
            assertThat(caughtUp.status()).isEqualTo(200);
            assertThat(caughtUp.json().at("/components/projectionLag/details/eventsBehind").asLong()).isZero();
            assertThat(caughtUp.json().at("/components/projectionLag/details/lagSeconds").asDouble()).isZero();

            // the projector stops: what the query process sees now waits since the next event happened
            writer.getBean(EventProcessingConfiguration.class)
                    .eventProcessor(RunListProjector.PROCESSING_GROUP, StreamingEventProcessor.class)
                    .orElseThrow().shutDown();
            DomainEventMessage<?> waiting = event(healthy, 1, new RunStateReported(healthy, RuntimeState.RUNNING,
                    null, Instant.now()));
            append(writer, List.of(waiting));
            Answer behind = await().atMost(PATIENCE).until(() -> get(reader, "/actuator/health/query"),
                    answer -> answer.json().at("/components/projectionLag/details/eventsBehind").asLong() == 1);
            JsonNode lag = behind.json().at("/components/projectionLag/details");
            assertThat(lag.get("position").asLong()).isEqualTo(head);
            assertThat(Instant.parse(lag.get("oldestWaitingEventAt").asText()))
                    .isEqualTo(waiting.getTimestamp().truncatedTo(ChronoUnit.MICROS));
            assertThat(lag.get("lagSeconds").asDouble()).isGreaterThanOrEqualTo(0);
            String prometheus = get(reader, "/actuator/prometheus").body();
            assertThat(prometheus).contains("runstore_query_projection_position " + head + ".0",
                    "runstore_query_projection_events_behind 1.0", "runstore_query_projection_lag_seconds");
        }
    }

    private static ConfigurableApplicationContext server(TestDatabase database, List<String> roles,
                                                         String... more) {
        List<String> args = new ArrayList<>(Arrays.stream(database.springProperties()).map(p -> "--" + p).toList());
        args.addAll(List.of("--server.port=0", "--runstore.grpc.port=0", "--management.endpoints.web.exposure"
                + ".include=health,prometheus", "--management.prometheus.metrics.export.enabled=true"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(RunstoreApplication.class).profiles(roles.toArray(String[]::new))
                .run(args.toArray(String[]::new));
    }

    private static void append(ConfigurableApplicationContext server, List<DomainEventMessage<?>> events) {
        new TransactionTemplate(server.getBean(PlatformTransactionManager.class))
                .executeWithoutResult(status -> server.getBean(EventStore.class).publish(events));
    }

    private static RunCreated created(String runId) {
        Instant now = Instant.now();
        return new RunCreated(runId, "", "exp-health", "run " + runId, "", new PipelineVersionReference("p", "v"),
                null, null, "", "", null, now, now);
    }

    private static DomainEventMessage<?> event(String runId, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("Run", runId, sequence, payload);
    }

    private record Answer(int status, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(body, e);
            }
        }
    }

    private static Answer get(ConfigurableApplicationContext server, String path) throws Exception {
        String port = server.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + path)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }
}
