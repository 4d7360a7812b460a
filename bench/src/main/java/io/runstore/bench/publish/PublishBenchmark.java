package io.runstore.bench.publish;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.runstore.api.event.PublicEventJson;
import io.runstore.api.event.RunEventView;
import io.runstore.bench.append.BenchDatabase;
import io.runstore.bench.eventlog.EventLogAppender;
import io.runstore.bench.eventlog.RunEvents;
import io.runstore.bench.report.BarValues;
import io.runstore.bench.report.Charts;
import io.runstore.eventstore.EventLogReader;
import io.runstore.eventstore.JooqEventStorageEngine;
import io.runstore.eventstore.LoggedEvent;
import io.runstore.publisher.EventPublisher;
import io.runstore.publisher.PublisherPositions;
import io.runstore.publisher.PublisherSchema;
import io.runstore.publisher.PublisherSettings;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.kafka.KafkaTestBroker;
import io.runstore.testsupport.runs.DataShape;
import io.runstore.testsupport.runs.RunGenerator;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The publisher against a plain Kafka producer, in the same run, on an in-process KRaft broker and a local database.
 * <ol>
 * <li>Throughput: a backlog of generated runs' events (realistic sizes: pipeline specs of 5-50 KB, 20 tasks a run) is
 * published to a fresh topic by runstore's {@link EventPublisher} (read from the log, public shape, acks=all,
 * idempotent, position stored per batch) and, as the baseline, by a plain producer with the same settings sending
 * the same records, read and serialized beforehand (Kafka's own ceiling here).</li>
 * <li>Latency under load: events appended at a steady rate, in transactions of a few events; the publisher follows
 * the log while the baseline is the writer itself sending each event right after its commit (a dual write).
 * Commit-to-ack: from the event's append to Kafka's acknowledgement (publisher: its timer; baseline: the send
 * callback); end to end: from the append to a consumer's receipt, for both topics by one consumer.</li>
 * </ol>
 * Both latencies are taken under an open loop (events appended on a fixed schedule whatever Kafka answers), each timed
 * from the event's append: no call waits for another, so nothing is left out and no correction for coordinated
 * omission applies.
 * <p>
 * {@code PublishBenchmark [--runs=300] [--rate=400] [--seconds=20] [--databases=postgresql,mysql] [--out=FILE]
 * [--chart=FILE.png]}: the chart shows the publisher's figures over the plain producer's (the report links it by file
 * name).
 */
public final class PublishBenchmark {

    private static final int PARTITIONS = 6;

    public static void main(String[] args) throws Exception {
        int runs = intOption(args, "--runs=", 300);
        int rate = intOption(args, "--rate=", 400);
        int seconds = intOption(args, "--seconds=", 20);
        String databases = option(args, "--databases=").orElse("postgresql");
        Path out = Path.of(option(args, "--out=").orElse("docs/benchmarks/publish.md"));
        Optional<Path> chart = option(args, "--chart=").map(Path::of);
        BarValues ratios = new BarValues();
        StringBuilder report = new StringBuilder();
        report.append("# Kafka publisher against a plain producer\n\n")
                .append("`io.runstore.bench.publish.PublishBenchmark --runs=").append(runs).append(" --rate=")
                .append(rate).append(" --seconds=").append(seconds).append(" --databases=").append(databases)
                .append("`, ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores; Kafka ")
                .append(org.apache.kafka.common.utils.AppInfoParser.getVersion())
                .append(" in the same JVM (KRaft, one node, ").append(PARTITIONS).append(" partitions), acks=all,"
                        + " idempotent producers, linger.ms=5 for both.\n\n");
        try (KafkaTestBroker broker = KafkaTestBroker.start(PARTITIONS)) {
            for (String name : databases.split(",")) {
                DatabaseKind kind = name.trim().equalsIgnoreCase("mysql") ? DatabaseKind.MYSQL
                        : DatabaseKind.POSTGRESQL;
                report.append(run(broker, kind, runs, rate, seconds, ratios));
            }
        }
        if (chart.isPresent()) {
            Charts.ratioBars(chart.get(), "runstore's publisher against a plain producer, same run",
                    "publisher ÷ plain producer (time or ms)", "plain producer", ratios.asMap());
            report.append("![the publisher's time for the backlog and latencies over the plain producer's](")
                    .append(chart.get().getFileName()).append(")\n");
        }
        System.out.println(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.toString());
        System.out.println("written to " + out);
        System.exit(0);
    }

    /** One database's section; {@code ratios} gets the publisher's figures over the plain producer's. */
    private static String run(KafkaTestBroker broker, DatabaseKind kind, int runs, int rate, int seconds,
                              BarValues ratios) throws Exception {
        StringBuilder report = new StringBuilder("## " + kind + "\n\n");
        report.append("load average before: ").append(loadAverage()).append("\n\n");
        try (BenchDatabase database = new BenchDatabase(kind, 6)) {
            long[] appended = new EventLogAppender(database.dataSource, database.database.dialect())
                    .append(new RunGenerator(DataShape.of(runs)), 2);
            PublisherSchema.flyway(database.dataSource, database.database.dialect()).migrate();
            EventLogReader reader = new EventLogReader(database.dsl, database.serializer,
                    NoOpEventUpcaster.INSTANCE);
            long head = reader.head();

            // 1. throughput: the baseline first (it also warms the broker), then the publisher
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            long bytes = 0;
            for (long after = 0; after < head; ) {
                List<LoggedEvent> chunk = reader.after(after, 1000);
                for (LoggedEvent event : chunk) {
                    byte[] value = PublicEventJson.write(view(event));
                    bytes += value.length;
                    records.add(new ProducerRecord<>("baseline-backlog-" + kind, event.runId(), value));
                }
                after = chunk.get(chunk.size() - 1).position();
            }
            createTopics(broker, "baseline-backlog-" + kind, "publisher-backlog-" + kind,
                    "baseline-live-" + kind, "publisher-live-" + kind);
            long baselineNanos;
            try (KafkaProducer<String, byte[]> producer = producer(broker)) {
                long start = System.nanoTime();
                records.forEach(record -> producer.send(record));
                producer.flush();
                baselineNanos = System.nanoTime() - start;
            }
            PublisherPositions positions = new PublisherPositions(database.dsl, Clock.systemUTC());
            long publisherNanos;
            try (EventPublisher publisher = new EventPublisher(reader, positions,
                    settings(broker, "publisher-backlog-" + kind), new SimpleMeterRegistry(), Clock.systemUTC())) {
                long start = System.nanoTime();
                publisher.start();
                while (positions.of("publisher-backlog-" + kind).orElse(0L) < head) {
                    Thread.sleep(5);
                }
                publisherNanos = System.nanoTime() - start;
            }
            report.append("Backlog: ").append(runs).append(" generated runs, ").append(head).append(" events, ")
                    .append(appended[1] / 1024 / 1024).append(" MiB of stored payload, ")
                    .append(bytes / 1024 / 1024).append(" MiB as public-shape values (mean ")
                    .append(bytes / head).append(" bytes).\n\n")
                    .append("| publish throughput | events/s | MiB/s |\n|---|---:|---:|\n")
                    .append(row("plain producer (records prepared in memory)", head, bytes, baselineNanos))
                    .append(row("runstore publisher (from the log, position stored per 500)", head, bytes,
                            publisherNanos))
                    .append(String.format(Locale.ROOT, "| ratio publisher / baseline | %.2f | |%n%n",
                            (double) baselineNanos / publisherNanos));

            ratios.put(kind.name(), "time to publish the backlog", (double) publisherNanos / baselineNanos);

            // 2. latency under load
            report.append(latency(broker, database, reader, positions, kind, runs, rate, seconds, ratios));
            report.append("load average after: ").append(loadAverage()).append("\n\n");
        }
        return report.toString();
    }

    private static String latency(KafkaTestBroker broker, BenchDatabase database, EventLogReader reader,
                                  PublisherPositions positions, DatabaseKind kind, int runs, int rate, int seconds,
                                  BarValues ratios) throws Exception {
        String publisherTopic = "publisher-live-" + kind;
        String baselineTopic = "baseline-live-" + kind;
        positions.set(publisherTopic, reader.head());  // only the live events
        Histogram baselineAck = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        Histogram baselineEndToEnd = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        Histogram publisherEndToEnd = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicBoolean consuming = new AtomicBoolean(true);
        AtomicLong appended = new AtomicLong();
        AtomicLong received = new AtomicLong();
        Thread consumer = new Thread(() -> consume(broker, List.of(publisherTopic, baselineTopic), consuming,
                received, publisherTopic, publisherEndToEnd, baselineEndToEnd), "consumer");
        consumer.start();
        JooqEventStorageEngine engine = JooqEventStorageEngine.builder()
                .dsl(database.dsl).transactionManager(database.transactionManager)
                .eventSerializer(database.serializer).snapshotSerializer(database.serializer).build();
        engine.start();
        RunGenerator generator = new RunGenerator(DataShape.of(runs * 100));
        try (EventPublisher publisher = new EventPublisher(reader, positions, settings(broker, publisherTopic), meters,
                Clock.systemUTC());
             KafkaProducer<String, byte[]> direct = producer(broker)) {
            publisher.start();
            Thread.sleep(2000);
            int perTick = Math.max(1, rate / 50);
            long tick = TimeUnit.MILLISECONDS.toNanos(20);
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            int runIndex = runs;
            List<DomainEventMessage<?>> pending = new ArrayList<>();
            for (long next = start; next < end; next += tick) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                while (pending.size() < perTick) {
                    pending.addAll(RunEvents.of(generator.run(runIndex++)));
                }
                List<DomainEventMessage<?>> batch = new ArrayList<>();
                for (DomainEventMessage<?> event : pending.subList(0, perTick)) {
                    batch.add(new GenericDomainEventMessage<>(event.getType(), event.getAggregateIdentifier(),
                            event.getSequenceNumber(), event.getPayload(), event.getMetaData()));
                }
                pending.subList(0, perTick).clear();
                database.transactions.executeWithoutResult(status -> engine.appendEvents(batch));
                for (DomainEventMessage<?> event : batch) {
                    Instant at = event.getTimestamp();
                    RunEventView view = new RunEventView(event.getSequenceNumber(), null,
                            event.getPayloadType().getSimpleName(), null, at, null, null, null,
                            PublicEventJson.of(event.getPayload()));
                    direct.send(new ProducerRecord<>(baselineTopic, event.getAggregateIdentifier(),
                            PublicEventJson.write(view)), (metadata, exception) -> {
                        if (exception == null) {
                            baselineAck.recordValue(micros(at));
                        }
                    });
                }
                appended.addAndGet(batch.size());
            }
            long elapsed = System.nanoTime() - start;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (received.get() < 2 * appended.get() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            consuming.set(false);
            consumer.join();
            engine.close();
            io.micrometer.core.instrument.Timer timer = meters.get("runstore.publisher.latency").timer();
            double[] publisherAckPercentiles = percentiles(timer);
            double achieved = appended.get() / (elapsed / 1e9);
            ratios.put(kind.name(), "commit-to-ack p50", publisherAckPercentiles[0] / ms(baselineAck, 50));
            ratios.put(kind.name(), "commit-to-ack p99", publisherAckPercentiles[1] / ms(baselineAck, 99));
            ratios.put(kind.name(), "end to end p50", ms(publisherEndToEnd, 50) / ms(baselineEndToEnd, 50));
            ratios.put(kind.name(), "end to end p99", ms(publisherEndToEnd, 99) / ms(baselineEndToEnd, 99));
            return String.format(Locale.ROOT, """
                    Load: %d events appended in %d s (%.0f events/s asked, %.0f achieved), %d per transaction, \
                    generated runs' events; both topics read by one consumer (%d records received of %d). Open \
                    loop: the appends keep their schedule whatever Kafka answers, each event timed from its append \
                    (nothing left out, so not corrected for coordinated omission: none applies).

                    | latency (ms), open loop | p50 | p99 | max |
                    |---|---:|---:|---:|
                    | commit-to-ack, plain producer right after the commit | %.1f | %.1f | %.1f |
                    | commit-to-ack, runstore publisher (poll 50 ms) | %.1f | %.1f | |
                    | end to end (append to consumer), plain producer | %.1f | %.1f | %.1f |
                    | end to end (append to consumer), runstore publisher | %.1f | %.1f | %.1f |

                    """, appended.get(), seconds, (double) rate, achieved, perTick, 0L + received.get(),
                    2 * appended.get(),
                    ms(baselineAck, 50), ms(baselineAck, 99), baselineAck.getMaxValue() / 1000.0,
                    publisherAckPercentiles[0], publisherAckPercentiles[1],
                    ms(baselineEndToEnd, 50), ms(baselineEndToEnd, 99), baselineEndToEnd.getMaxValue() / 1000.0,
                    ms(publisherEndToEnd, 50), ms(publisherEndToEnd, 99), publisherEndToEnd.getMaxValue() / 1000.0);
        }
    }

    private static double[] percentiles(io.micrometer.core.instrument.Timer timer) {
        double[] result = new double[2];
        for (io.micrometer.core.instrument.distribution.ValueAtPercentile value
                : timer.takeSnapshot().percentileValues()) {
            if (Math.abs(value.percentile() - 0.5) < 1e-9) {
                result[0] = value.value(TimeUnit.MILLISECONDS);
            } else if (Math.abs(value.percentile() - 0.99) < 1e-9) {
                result[1] = value.value(TimeUnit.MILLISECONDS);
            }
        }
        return result;
    }

    private static void consume(KafkaTestBroker broker, List<String> topics, AtomicBoolean consuming,
                                AtomicLong received, String publisherTopic, Histogram publisher,
                                Histogram baseline) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    partitions.add(new TopicPartition(topic, partition));
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (consuming.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    Instant at = PublicEventJson.read(record.value()).occurredAt();
                    (record.topic().equals(publisherTopic) ? publisher : baseline).recordValue(micros(at));
                    received.incrementAndGet();
                }
            }
        }
    }

    private static RunEventView view(LoggedEvent event) {
        String type = event.type().substring(event.type().lastIndexOf('.') + 1);
        return new RunEventView(event.sequence(), event.position(), type, event.revision(), event.occurredAt(),
                event.commandId(), text(event, "principal"), text(event, "namespace"),
                PublicEventJson.of(event.payload()));
    }

    private static String text(LoggedEvent event, String key) {
        Object value = event.metadata() == null ? null : event.metadata().get(key);
        return value instanceof String text ? text : null;
    }

    private static PublisherSettings settings(KafkaTestBroker broker, String topic) {
        return new PublisherSettings(topic, 500, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofMinutes(1),
                0, false, PARTITIONS, (short) -1, Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()));
    }

    private static KafkaProducer<String, byte[]> producer(KafkaTestBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    private static void createTopics(KafkaTestBroker broker, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(java.util.Arrays.stream(topics).map(topic -> new NewTopic(topic, PARTITIONS,
                    (short) 1)).toList()).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static long micros(Instant at) {
        return Math.max(0, ChronoUnit.MICROS.between(at, Instant.now()));
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String row(String name, long events, long bytes, long nanos) {
        double seconds = nanos / 1e9;
        return String.format(Locale.ROOT, "| %s | %.0f | %.1f |%n", name, events / seconds,
                bytes / 1024.0 / 1024.0 / seconds);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Optional<String> option(String[] args, String prefix) {
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return Optional.of(arg.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    private static int intOption(String[] args, String prefix, int defaultValue) {
        return option(args, prefix).map(Integer::parseInt).orElse(defaultValue);
    }
}
