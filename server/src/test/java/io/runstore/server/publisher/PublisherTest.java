package io.runstore.server.publisher;

import com.fasterxml.jackson.databind.JsonNode;
import io.runstore.api.event.PublicEventJson;
import io.runstore.eventstore.EventLogReader;
import io.runstore.server.publisher.TopicReader.Received;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import io.runstore.testsupport.kafka.KafkaTestBroker;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static io.runstore.server.publisher.PublisherFixture.JSON;
import static io.runstore.server.publisher.PublisherFixture.append;
import static io.runstore.server.publisher.PublisherFixture.cli;
import static io.runstore.server.publisher.PublisherFixture.get;
import static io.runstore.server.publisher.PublisherFixture.getText;
import static io.runstore.server.publisher.PublisherFixture.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publisher role against a real Kafka broker (KRaft, in this JVM) and a real database: every event on the topic
 * once, keyed by its run, in its run's order, in the public event shape with its headers; the position stored; a reset
 * to an earlier position publishes the events after it again; a broker outage loses nothing and shows in health.
 * Run once per database.
 */
abstract class PublisherTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    static KafkaTestBroker broker;

    abstract DatabaseKind databaseKind();

    @BeforeAll
    static void startBroker() {
        broker = KafkaTestBroker.start(1);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void everyEventReachesTheTopicOnceKeyedByItsRunInRunOrderInThePublicShape() {
        TestDatabase database = TestDatabases.create(databaseKind());
        String topic = "events-" + UUID.randomUUID();
        int runs = 12;
        int rounds = 15;
        try (ConfigurableApplicationContext server = server(database, broker.bootstrapServers(), topic, Map.of());
             TopicReader reader = new TopicReader(broker.bootstrapServers(), topic)) {
            append(server.getBean(EventStore.class), "order", runs, 0, rounds);
            long head = server.getBean(EventLogReader.class).head();
            assertThat(head).isEqualTo((long) runs * rounds);

            List<Received> received = await().atMost(PATIENCE).until(reader::poll, all -> all.size() >= head);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(cli(database, "publisher", "--topic=" + topic).out())
                    .contains("topic " + topic + ": position " + head + ", 0 events behind"));
            received = reader.poll();

            assertThat(received).as("each event once: nothing failed, so nothing was sent again").hasSize((int) head);
            assertThat(received.stream().map(Received::position).sorted().toList())
                    .isEqualTo(LongStream.rangeClosed(1, head).boxed().toList());
            Map<String, List<Received>> byRun = received.stream()
                    .collect(Collectors.groupingBy(Received::key, LinkedHashMap::new, Collectors.toList()));
            assertThat(byRun).hasSize(runs);
            byRun.forEach((runId, events) -> {
                assertThat(events.stream().map(event -> event.event().sequence()).toList()).as(runId + " in order")
                        .isEqualTo(LongStream.range(0, rounds).boxed().toList());
                assertThat(events.stream().map(Received::partition).distinct()).as(runId + " in one partition")
                        .hasSize(1);
            });
            assertThat(received.stream().map(Received::partition).distinct().count())
                    .as("runs spread over the topic's partitions").isGreaterThan(1);
            assertThat(received.stream().map(Received::eventId).distinct()).hasSize((int) head);
            for (Received record : received) {
                assertThat(record.type()).isEqualTo(record.event().type());
                assertThat(record.position()).isEqualTo(record.event().position());
                int run = Integer.parseInt(record.key().substring(record.key().lastIndexOf('-') + 1));
                assertThat(record.principal()).as("principal header from the event's metadata")
                        .isEqualTo(run % 2 == 0 ? "user-" + run : null);
            }
            assertThat(byRun.get("order-3").get(0).type()).isEqualTo("RunCreated");
            assertThat(byRun.get("order-3").get(1).type()).isEqualTo("RunStateReported");

            // the value is exactly what the run history endpoint shows for that event
            for (String runId : List.of("order-0", "order-7")) {
                JsonNode history = get(server, "/apis/v2beta1/runs/" + runId + "/events?page_size=200").get("events");
                assertThat(history).hasSize(rounds);
                List<Received> events = byRun.get(runId);
                for (int i = 0; i < rounds; i++) {
                    assertThat(readTree(events.get(i).value())).isEqualTo(history.get(i));
                }
            }
            assertThat(PublicEventJson.read(PublicEventJson.write(received.get(0).event())))
                    .isEqualTo(received.get(0).event());

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(getText(server, "/actuator/prometheus"))
                    .contains("runstore_publisher_events_total{topic=\"" + topic + "\"} " + head + ".0")
                    .contains("runstore_publisher_events_behind{topic=\"" + topic + "\"} 0.0"));
            JsonNode health = get(server, "/actuator/health").at("/components/publisher");
            assertThat(health.get("status").asText()).isEqualTo("UP");
            assertThat(health.at("/details/position").asLong()).isEqualTo(head);
        }
    }

    @Test
    void aPositionSetBackPublishesTheEventsAfterItAgainAndOneAheadOfTheLogIsRefused() {
        TestDatabase database = TestDatabases.create(databaseKind());
        String topic = "events-" + UUID.randomUUID();
        try (ConfigurableApplicationContext server = server(database, broker.bootstrapServers(), topic, Map.of());
             TopicReader reader = new TopicReader(broker.bootstrapServers(), topic)) {
            append(server.getBean(EventStore.class), "reset", 5, 0, 8);
            long head = server.getBean(EventLogReader.class).head();
            await().atMost(PATIENCE).until(reader::poll, all -> all.size() >= head);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(cli(database, "publisher", "--topic=" + topic).out())
                    .contains("position " + head + ", 0 events behind"));

            PublisherFixture.Cli ahead = cli(database, "publisher", "--topic=" + topic, "--from-position=" + (head + 1));
            assertThat(ahead.exitCode()).as("a usage error").isEqualTo(2);
            assertThat(ahead.err()).contains("--from-position must be between 0 and the head of the log (" + head
                    + "), not " + (head + 1));

            long back = head - 15;
            PublisherFixture.Cli reset = cli(database, "publisher", "--topic=" + topic, "--from-position=" + back);
            assertThat(reset.exitCode()).isZero();
            assertThat(reset.out()).contains("position set to " + back + " (was " + head + ")");

            List<Received> received = await().atMost(PATIENCE).until(reader::poll,
                    all -> all.size() >= head + 15);
            Map<Long, Long> copies = received.stream()
                    .collect(Collectors.groupingBy(Received::position, Collectors.counting()));
            assertThat(copies).hasSize((int) head);
            copies.forEach((position, count) -> assertThat(count).as("copies of position " + position)
                    .isEqualTo(position > back ? 2L : 1L));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(cli(database, "publisher", "--topic=" + topic).out())
                    .contains("position " + head + ", 0 events behind"));
        }
    }

    @Test
    void aBrokerOutageLosesNothingAndHealthIsDownWhileEventsCannotBePublished() {
        TestDatabase database = TestDatabases.create(databaseKind());
        String topic = "outage-" + UUID.randomUUID();
        Map<String, String> impatient = Map.of(
                "runstore.publisher.unhealthy-after", "1s",
                "runstore.publisher.retry-backoff", "100ms",
                "runstore.publisher.producer[delivery.timeout.ms]", "3000",
                "runstore.publisher.producer[request.timeout.ms]", "1000",
                "runstore.publisher.producer[max.block.ms]", "1000");
        int runs = 6;
        try (ConfigurableApplicationContext server = server(database, broker.bootstrapServers(), topic, impatient);
             TopicReader reader = new TopicReader(broker.bootstrapServers(), topic)) {
            EventStore store = server.getBean(EventStore.class);
            append(store, "outage", runs, 0, 4);
            await().atMost(PATIENCE).until(reader::poll, all -> all.size() >= runs * 4);

            broker.stop();
            try {
                append(store, "outage", runs, 4, 6);
                JsonNode down = await().atMost(PATIENCE).until(() -> get(server, "/actuator/health")
                        .at("/components/publisher"), health -> health.get("status").asText().equals("DOWN"));
                assertThat(down.at("/details/behind").asLong()).isPositive();
                assertThat(down.at("/details/position").asLong()).isEqualTo(runs * 4L);
            } finally {
                broker.start();
            }
            long head = server.getBean(EventLogReader.class).head();
            assertThat(head).isEqualTo(runs * 10L);
            List<Received> received = await().atMost(PATIENCE).until(reader::poll,
                    all -> all.stream().map(Received::position).distinct().count() >= head);
            assertThat(received.stream().map(Received::position).distinct().sorted().toList())
                    .as("no event lost").isEqualTo(LongStream.rangeClosed(1, head).boxed().toList());
            Map<String, List<Long>> firstSeen = new LinkedHashMap<>();
            java.util.Set<String> ids = new java.util.HashSet<>();
            received.stream().filter(record -> ids.add(record.eventId())).forEach(record -> firstSeen
                    .computeIfAbsent(record.key(), key -> new java.util.ArrayList<>()).add(record.event().sequence()));
            firstSeen.forEach((run, sequences) -> assertThat(sequences).as(run + " in order")
                    .isEqualTo(LongStream.range(0, 10).boxed().toList()));
            await().atMost(PATIENCE).until(() -> get(server, "/actuator/health").at("/components/publisher/status")
                    .asText().equals("UP"));
        }
    }

    @Test
    void theCommandLineShowsATopicWithoutPositionAndNeedsThePublisherSchema() {
        TestDatabase database = TestDatabases.create(databaseKind());
        PublisherFixture.Cli refused = cli(database, "publisher");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("Cannot start: the event store schema");

        PublisherFixture.Cli migrate = cli(database, "--spring.profiles.active=migrate");
        assertThat(migrate.exitCode()).isZero();
        PublisherFixture.Cli shown = cli(database, "publisher", "--topic=never-published");
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("topic never-published: no position stored");
    }

    private static JsonNode readTree(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
