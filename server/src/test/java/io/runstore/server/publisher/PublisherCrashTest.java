package io.runstore.server.publisher;

import io.runstore.api.event.Deduplicator;
import io.runstore.eventstore.EventLogReader;
import io.runstore.server.RunstoreApplication;
import io.runstore.server.cli.RunstoreCommand;
import io.runstore.server.publisher.TopicReader.Received;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import io.runstore.testsupport.kafka.KafkaTestBroker;
import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static io.runstore.server.publisher.PublisherFixture.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publisher killed with SIGKILL in mid-stream (a child JVM, {@code destroyForcibly}) while events are being
 * appended, then started again: no event is lost, each run's events arrive in order, the copies are at most one batch
 * and a consumer using {@link Deduplicator} applies every event exactly once. Run once per database.
 */
abstract class PublisherCrashTest {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final int BATCH = 50;

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
    void aPublisherKilledInMidStreamLosesNothingAndItsCopiesAreDroppedByTheDeduplicator() throws Exception {
        TestDatabase database = TestDatabases.create(databaseKind());
        String topic = "crash-" + UUID.randomUUID();
        AtomicBoolean appending = new AtomicBoolean(true);
        AtomicInteger rounds = new AtomicInteger();
        int runs = 10;
        try (ConfigurableApplicationContext writer = writer(database);
             TopicReader reader = new TopicReader(broker.bootstrapServers(), topic)) {
            EventStore store = writer.getBean(EventStore.class);
            EventLogReader log = writer.getBean(EventLogReader.class);
            append(store, "crash", runs, 0, 20);
            rounds.set(20);
            // paced, so that the first publisher is killed while events are still being appended
            Thread appender = new Thread(() -> {
                while (appending.get() && rounds.get() < 120) {
                    append(store, "crash", runs, rounds.getAndIncrement(), 1);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "appender");

            Process first = publisher(database, topic, "first");
            try {
                await().atMost(PATIENCE).until(reader::poll, all -> all.size() >= 100);
                appender.start();
                await().atMost(PATIENCE).until(reader::poll, all -> all.size() >= 400);
            } finally {
                first.destroyForcibly();
                first.waitFor();
            }
            long storedAtKill = PublisherFixture.cli(database, "publisher", "--topic=" + topic).out().lines()
                    .filter(line -> line.contains("position")).findFirst().map(PublisherCrashTest::position)
                    .orElseThrow();
            assertThat(log.head()).as("killed while events waited").isGreaterThan(storedAtKill);

            Process second = publisher(database, topic, "second");
            try {
                appender.join();
                long head = log.head();
                List<Received> received = await().atMost(PATIENCE).until(reader::poll,
                        all -> all.stream().map(Received::position).distinct().count() >= head);

                assertThat(received.stream().map(Received::position).distinct().sorted().toList())
                        .as("no event lost").isEqualTo(LongStream.rangeClosed(1, head).boxed().toList());
                int copies = received.size() - (int) head;
                assertThat(copies).as("copies: at most the batch in flight when it was killed")
                        .isLessThanOrEqualTo(BATCH);
                Map<String, List<Long>> firstSeen = new LinkedHashMap<>();
                Set<String> ids = new HashSet<>();
                for (Received record : received) {
                    if (ids.add(record.eventId())) {
                        firstSeen.computeIfAbsent(record.key(), key -> new ArrayList<>())
                                .add(record.event().sequence());
                    }
                }
                assertThat(firstSeen).hasSize(runs);
                firstSeen.forEach((run, sequences) -> assertThat(sequences).as(run + " in order")
                        .isEqualTo(LongStream.range(0, sequences.size()).boxed().toList()));

                assertThat(consume(database, received)).as("copies the deduplicator dropped").isEqualTo(copies);
            } finally {
                appending.set(false);
                second.destroyForcibly();
                second.waitFor();
            }
        }
    }

    /**
     * A consumer: applies each record in a transaction of its own, through the deduplicator, to a table whose primary
     * key is the event id (a copy applied would fail the insert); returns how many records it dropped.
     */
    private static int consume(TestDatabase database, List<Received> received) throws Exception {
        int dropped = 0;
        try (HikariDataSource dataSource = database.newDataSource(2); Connection connection = dataSource.getConnection()) {
            Deduplicator.createTable(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE applied (event_id VARCHAR(100) PRIMARY KEY, run_id VARCHAR(100),"
                        + " seq BIGINT)");
            }
            Deduplicator seen = new Deduplicator("crash-test", 1_000, 100);
            connection.setAutoCommit(false);
            for (Received record : received) {
                if (seen.firstTime(connection, record.partition(), record.eventId(), record.position())) {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO applied (event_id, run_id, seq) VALUES (?, ?, ?)")) {
                        insert.setString(1, record.eventId());
                        insert.setString(2, record.key());
                        insert.setLong(3, record.event().sequence());
                        insert.executeUpdate();
                    }
                } else {
                    dropped++;
                }
                connection.commit();
            }
            try (Statement statement = connection.createStatement();
                 ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM applied")) {
                count.next();
                assertThat(count.getLong(1)).as("every event applied once")
                        .isEqualTo(received.stream().map(Received::eventId).distinct().count());
            }
        }
        return dropped;
    }

    private static long position(String line) {
        String after = line.substring(line.indexOf("position ") + "position ".length());
        return Long.parseLong(after.substring(0, after.indexOf(',')));
    }

    /** The writing side, in this JVM: the command role only (it migrates the event store). */
    private static ConfigurableApplicationContext writer(TestDatabase database) {
        List<String> args = new ArrayList<>(Arrays.stream(database.springProperties()).map(p -> "--" + p).toList());
        args.add("--server.port=0");
        args.add("--runstore.grpc.port=0");
        args.add("--spring.datasource.hikari.maximum-pool-size=4");
        return new SpringApplicationBuilder(RunstoreApplication.class).profiles("command")
                .run(args.toArray(String[]::new));
    }

    /** The publisher role alone, in a child JVM started as the jar's main class starts it. */
    private static Process publisher(TestDatabase database, String topic, String name) throws Exception {
        Path out = Files.createDirectories(Path.of("target", "publisher-crash")).resolve(topic + "-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                RunstoreCommand.class.getName(),
                "--spring.profiles.active=publisher", "--server.port=0",
                "--spring.datasource.hikari.maximum-pool-size=3",
                "--runstore.publisher.bootstrap-servers=" + broker.bootstrapServers(),
                "--runstore.publisher.topic=" + topic,
                "--runstore.publisher.partitions=3",
                "--runstore.publisher.batch-size=" + BATCH,
                "--runstore.publisher.poll-interval=20ms"));
        Arrays.stream(database.springProperties()).map(p -> "--" + p).forEach(command::add);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

}
