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
import io.runstore.projections.processing.AvailabilityNotifyingSource;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.runstore.readtables.schema.Tables.PROJECTION_DEAD_LETTER;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The run-list projector inside the server: events appended to the event log reach the read tables through the
 * pooled streaming processor in batches; a poison event is parked, shows in health (the projector's group DEGRADED,
 * answered 200; the command role's group UP) and in the Prometheus meters, and the other runs go on. Run once per
 * database.
 */
abstract class ProjectionProcessorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    EventStore eventStore;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    DSLContext dsl;
    @Autowired
    TestRestTemplate http;

    static void useDatabase(DynamicPropertyRegistry registry, DatabaseKind kind) {
        TestDatabase database = TestDatabases.create(kind);
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("runstore.projection.batch-size", () -> "100");
    }

    @Test
    void appendedEventsReachTheReadTablesAndTheMeters() throws Exception {
        String experiment = "exp-" + UUID.randomUUID();
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            String runId = UUID.randomUUID().toString();
            events.add(event(runId, 0, created(runId, experiment)));
            events.add(event(runId, 1, new RunStateReported(runId, RuntimeState.RUNNING, null, Instant.now())));
            events.add(event(runId, 2, new RunStateReported(runId, RuntimeState.SUCCEEDED, null, Instant.now())));
        }
        double appliedBefore = prometheusValue("runstore_projection_events_total");
        publish(events);

        await().atMost(Duration.ofSeconds(60)).until(() ->
                dsl.fetchCount(RUN_LIST, RUN_LIST.EXPERIMENT_ID.eq(experiment).and(RUN_LIST.VERSION.eq(2L))) == 250);
        assertThat(dsl.fetchCount(RUN_LIST, RUN_LIST.EXPERIMENT_ID.eq(experiment).and(RUN_LIST.STATE.eq("SUCCEEDED"))))
                .isEqualTo(250);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                prometheusValue("runstore_projection_events_total") >= appliedBefore + 750);
        String prometheus = http.getForObject("/actuator/prometheus", String.class);
        assertThat(prometheus).contains("runstore_projection_events_behind", "runstore_projection_lag_milliseconds",
                "runstore_projection_dead_letters");
    }

    @Test
    void aPoisonEventIsParkedShownInHealthAndMetricsAndTheOtherRunsGoOn() throws Exception {
        String experiment = "exp-" + UUID.randomUUID();
        String poisoned = UUID.randomUUID().toString();
        String healthy = UUID.randomUUID().toString();
        long parkedBefore = dsl.fetchCount(PROJECTION_DEAD_LETTER);
        publish(List.of(
                event(poisoned, 0, created(poisoned, experiment)),
                event(poisoned, 1, new TaskUpdated(poisoned, "no-such-task", new TaskDetails(null, null, null, null,
                        null, TaskState.SUCCEEDED, null, null, null, null, null, null, null, null, null),
                        Instant.now())),
                event(healthy, 0, created(healthy, experiment)),
                event(healthy, 1, new RunStateReported(healthy, RuntimeState.RUNNING, null, Instant.now()))));

        // the two runs may be in different segments of the processor: wait for both
        await().atMost(Duration.ofSeconds(60)).until(() ->
                dsl.fetchCount(RUN_LIST, RUN_LIST.RUN_ID.eq(healthy).and(RUN_LIST.VERSION.eq(1L))) == 1
                        && dsl.fetchCount(PROJECTION_DEAD_LETTER, PROJECTION_DEAD_LETTER.RUN_ID.eq(poisoned)) == 1);
        assertThat(dsl.fetchOne(RUN_LIST, RUN_LIST.RUN_ID.eq(poisoned)).getVersion()).isZero();
        assertThat(dsl.fetchOne(PROJECTION_DEAD_LETTER, PROJECTION_DEAD_LETTER.RUN_ID.eq(poisoned)).getReason())
                .contains("task no-such-task is not a task of run " + poisoned);
        ResponseEntity<String> answer = http.getForEntity("/actuator/health/projector", String.class);
        assertThat(answer.getStatusCode().value()).as("DEGRADED by default: answered 200").isEqualTo(200);
        JsonNode projection = JSON.readTree(answer.getBody()).at("/components/projection");
        assertThat(projection.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(projection.at("/details/deadLetters").asLong()).isEqualTo(parkedBefore + 1);
        assertThat(projection.at("/details/parkedRuns").asLong()).isEqualTo(parkedBefore + 1);
        assertThat(projection.at("/details/firstParkedRuns")).extracting(JsonNode::asText).contains(poisoned);
        assertThat(JSON.readTree(http.getForObject("/actuator/health", String.class)).get("status").asText())
                .isEqualTo("DEGRADED");
        assertThat(JSON.readTree(http.getForObject("/actuator/health/command", String.class)).get("status")
                .asText()).isEqualTo("UP");
        assertThat(prometheusValue("runstore_projection_dead_letters")).isEqualTo(parkedBefore + 1.0);
    }

    @Test
    void theProcessorsStreamCallsBackWhenAnEventIsAppended() throws Exception {
        try (AvailabilityNotifyingSource source = new AvailabilityNotifyingSource(eventStore, Duration.ofMillis(20));
             BlockingStream<TrackedEventMessage<?>> stream = source.openStream(eventStore.createHeadToken())) {
            CountDownLatch available = new CountDownLatch(1);
            assertThat(stream.setOnAvailableCallback(available::countDown)).isTrue();
            String runId = UUID.randomUUID().toString();
            publish(List.of(event(runId, 0, created(runId, "exp-callback"))));

            assertThat(available.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isInstanceOf(RunCreated.class);
        }
    }

    private static RunCreated created(String runId, String experiment) {
        Instant now = Instant.now();
        return new RunCreated(runId, "", experiment, "run " + runId, "", new PipelineVersionReference("p", "v"), null,
                null, "", "", null, now, now);
    }

    private static DomainEventMessage<?> event(String runId, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("Run", runId, sequence, payload);
    }

    private void publish(List<DomainEventMessage<?>> events) {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> eventStore.publish(events));
    }

    private double prometheusValue(String name) {
        String text = http.getForObject("/actuator/prometheus", String.class);
        return text.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
