package io.runstore.publisher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.runstore.api.event.EventHeaders;
import io.runstore.api.event.PublicEventJson;
import io.runstore.api.event.RunEventView;
import io.runstore.eventstore.EventLogReader;
import io.runstore.eventstore.EventMetadata;
import io.runstore.eventstore.LoggedEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Follows the event log by position and sends every event to a Kafka topic: key = the run id (the aggregate's id: a
 * run's events stay in one partition, in order), value = the event in the public shape ({@link RunEventView}),
 * headers = event id, type, position and, when the event's metadata has one, the principal ({@link EventHeaders}).
 * <p>
 * One thread loops: read the stored position of the topic ({@link PublisherPositions}), read up to
 * {@code batch-size} events after it, send them (acks=all, idempotent producer: a retried send neither duplicates
 * nor reorders), wait until Kafka has acknowledged every one, and only then move the stored position to the last
 * one. So an event is never skipped: a crash, a broker outage longer than the producer's delivery timeout or a
 * database outage loses at most the unstored batch's acknowledgements, and those events are sent again (at most one
 * batch of duplicates per failure; consumers drop them by event id). When a send fails the producer is closed at once
 * (from the callback, so no later event of that batch is written after the failed one) and made anew.
 * <p>
 * The position is moved with a compare-and-set: a position set from outside while it runs (a reset to an earlier one,
 * to send the log again) wins, and the publisher continues from there.
 */
public final class EventPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final EventLogReader reader;
    private final PublisherPositions positions;
    private final PublisherSettings settings;
    private final Function<Map<String, Object>, Producer<String, byte[]>> producers;
    private final Clock clock;

    private final Counter published;
    private final Timer latency;
    private final AtomicLong behind = new AtomicLong();
    private final AtomicLong position = new AtomicLong(-1);
    private final AtomicReference<Instant> lastProgress;
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final CountDownLatch stop = new CountDownLatch(1);

    private volatile Thread thread;
    private Producer<String, byte[]> producer;

    public EventPublisher(EventLogReader reader, PublisherPositions positions, PublisherSettings settings,
                          MeterRegistry meters, Clock clock) {
        this(reader, positions, settings, meters, clock, KafkaProducer::new);
    }

    /** @param producers makes a producer from its properties (tests put one that fails in between) */
    public EventPublisher(EventLogReader reader, PublisherPositions positions, PublisherSettings settings,
                          MeterRegistry meters, Clock clock,
                          Function<Map<String, Object>, Producer<String, byte[]>> producers) {
        this.reader = reader;
        this.positions = positions;
        this.settings = settings;
        this.producers = producers;
        this.clock = clock;
        this.lastProgress = new AtomicReference<>(clock.instant());
        Tags tags = Tags.of("topic", settings.topic());
        this.published = Counter.builder("runstore.publisher.events").tags(tags)
                .description("events the publisher sent and Kafka acknowledged").register(meters);
        this.latency = Timer.builder("runstore.publisher.latency").tags(tags)
                .description("from an event's append to Kafka's acknowledgement").publishPercentileHistogram()
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        Gauge.builder("runstore.publisher.events.behind", behind, AtomicLong::get).tags(tags)
                .description("events of the log after the publisher's stored position").register(meters);
        Gauge.builder("runstore.publisher.position", position, AtomicLong::get).tags(tags)
                .description("the publisher's stored position").register(meters);
    }

    /** Starts the publishing thread. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::loop, "runstore-publisher-" + settings.topic());
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the thread (waiting for the batch in flight, at most about the producer's delivery timeout). */
    @Override
    public void close() {
        stop.countDown();
        Thread running = thread;
        if (running != null) {
            try {
                running.join(Duration.ofSeconds(30).toMillis());
                if (running.isAlive()) {
                    running.interrupt();
                    running.join(Duration.ofSeconds(5).toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProducer(Duration.ofSeconds(5));
    }

    /** The status health shows. */
    public PublisherStatus status() {
        Instant progress = lastProgress.get();
        Duration stalled = Duration.between(progress, clock.instant());
        if (stalled.isNegative()) {
            stalled = Duration.ZERO;
        }
        return new PublisherStatus(stalled.compareTo(settings.unhealthyAfter()) <= 0, settings.topic(),
                position.get(), behind.get(), stalled, lastError.get(), progress);
    }

    private void loop() {
        Duration backoff = settings.retryBackoff();
        while (stop.getCount() > 0) {
            try {
                if (publishOnce()) {
                    backoff = settings.retryBackoff();
                } else {
                    pause(settings.pollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception | LinkageError e) {
                if (stop.getCount() == 0) {
                    return;
                }
                lastError.set(e.toString());
                log.warn("Publishing to {} failed; trying again in {} from the stored position: {}", settings.topic(),
                        backoff, e.toString());
                closeProducer(Duration.ZERO);
                try {
                    pause(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * One batch: the events after the stored position, sent and acknowledged, then the position moved past them.
     *
     * @return true when it published something (look again at once), false when there was nothing to publish
     */
    boolean publishOnce() throws InterruptedException {
        long from = positions.startAt(settings.topic(), settings.startPosition());
        position.set(from);
        long head = reader.head();
        behind.set(Math.max(0, head - from));
        if (head <= from) {
            progress();
            return false;
        }
        List<LoggedEvent> events = reader.after(from, settings.batchSize());
        if (events.isEmpty()) {
            progress();
            return false;
        }
        send(events);
        long to = events.get(events.size() - 1).position();
        if (positions.advance(settings.topic(), from, to)) {
            position.set(to);
            behind.set(Math.max(0, head - to));
        } else {
            log.info("The position of {} was moved while events {}..{} were sent (a reset, or another publisher);"
                    + " continuing from the stored one", settings.topic(), from + 1, to);
        }
        published.increment(events.size());
        progress();
        return true;
    }

    /** Sends the events and returns once Kafka has acknowledged every one; throws if any was not. */
    private void send(List<LoggedEvent> events) throws InterruptedException {
        Producer<String, byte[]> producer = producer();
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (LoggedEvent event : events) {
            if (failure.get() != null) {
                break;
            }
            Instant appended = event.occurredAt();
            producer.send(record(event), (metadata, exception) -> {
                if (exception != null) {
                    if (failure.compareAndSet(null, exception)) {
                        // no event after this one may be written by this producer: close it, failing the rest
                        producer.close(Duration.ZERO);
                    }
                } else {
                    latency.record(Duration.between(appended, clock.instant()));
                }
            });
        }
        producer.flush();
        Exception failed = failure.get();
        if (failed != null) {
            throw new PublishFailedException("Kafka did not acknowledge an event of positions "
                    + events.get(0).position() + ".." + events.get(events.size() - 1).position() + ": " + failed,
                    failed);
        }
    }

    private ProducerRecord<String, byte[]> record(LoggedEvent event) {
        String type = event.type().substring(event.type().lastIndexOf('.') + 1);
        RunEventView view = new RunEventView(event.sequence(), event.position(), type, event.revision(),
                event.occurredAt(), event.commandId(), principal(event).orElse(null), metadata(event,
                EventMetadata.NAMESPACE), PublicEventJson.of(event.payload()));
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.EVENT_ID, utf8(event.eventId()));
        headers.add(EventHeaders.EVENT_TYPE, utf8(type));
        headers.add(EventHeaders.POSITION, utf8(Long.toString(event.position())));
        principal(event).ifPresent(principal -> headers.add(EventHeaders.PRINCIPAL, utf8(principal)));
        return new ProducerRecord<>(settings.topic(), null, event.occurredAt().toEpochMilli(), event.runId(),
                PublicEventJson.write(view), headers);
    }

    private static String metadata(LoggedEvent event, String key) {
        Object value = event.metadata() == null ? null : event.metadata().get(key);
        return value instanceof String text ? text : null;
    }

    static Optional<String> principal(LoggedEvent event) {
        Object principal = event.metadata() == null ? null : event.metadata().get(EventHeaders.PRINCIPAL_METADATA_KEY);
        return principal == null || principal.toString().isEmpty() ? Optional.empty()
                : Optional.of(principal.toString());
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> properties = settings.producerProperties();
            if (settings.createTopic()) {
                createTopic(properties);
            }
            producer = producers.apply(properties);
        }
        return producer;
    }

    private void createTopic(Map<String, Object> properties) {
        Map<String, Object> admin = new java.util.HashMap<>(properties);
        admin.keySet().removeIf(key -> key.endsWith(".serializer") || key.equals("acks") || key.startsWith("enable.")
                || key.equals("linger.ms") || key.startsWith("max.in.flight") || key.equals("delivery.timeout.ms")
                || key.equals("batch.size") || key.equals("compression.type") || key.equals("buffer.memory")
                || key.equals("max.block.ms"));
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(settings.topic(), Optional.of(settings.partitions()),
                    settings.replicationFactor() < 0 ? Optional.empty() : Optional.of(settings.replicationFactor()))))
                    .all().get(60, TimeUnit.SECONDS);
            log.info("Created topic {} ({} partitions)", settings.topic(), settings.partitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new PublishFailedException("Cannot create topic " + settings.topic() + ": " + e.getCause(),
                        e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("Interrupted while creating topic " + settings.topic(), e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new PublishFailedException("Kafka did not answer in time while creating topic "
                    + settings.topic(), e);
        }
    }

    private void closeProducer(Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException e) {
                log.debug("Closing the producer failed", e);
            }
            producer = null;
        }
    }

    private void progress() {
        lastProgress.set(clock.instant());
        lastError.set(null);
    }

    private void pause(Duration duration) throws InterruptedException {
        stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** A batch Kafka did not acknowledge in full. */
    static final class PublishFailedException extends RuntimeException {
        PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
