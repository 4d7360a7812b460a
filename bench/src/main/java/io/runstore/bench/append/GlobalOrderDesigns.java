package io.runstore.bench.append;

import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RunCreated;
import io.runstore.eventstore.EventStoreSchema;
import io.runstore.eventstore.JooqEventStorageEngine;
import org.HdrHistogram.Histogram;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static io.runstore.eventstore.schema.Tables.EVENT_SEQUENCER;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.countDistinct;
import static org.jooq.impl.DSL.max;

/**
 * Two ways to give events a dense, commit-ordered position, measured on the same event_log table with one event per
 * transaction and the same polling reader (following {@code position > last} every 2 ms):
 * <ul>
 *   <li>{@link Design#SEQUENCER_AFTER_COMMIT}: rows go in without a position; runstore's sequencer numbers the
 *       committed ones after the commit (the engine as shipped);</li>
 *   <li>{@link Design#COUNTER_LOCKED_IN_TRANSACTION}: each appending transaction locks the sequencer row, takes the
 *       next position and inserts with it, holding the lock until it commits (serialized appends).</li>
 * </ul>
 */
final class GlobalOrderDesigns {

    enum Design {
        SEQUENCER_AFTER_COMMIT("sequencer after commit (chosen)"),
        COUNTER_LOCKED_IN_TRANSACTION("counter locked in the appending transaction");

        final String label;

        Design(String label) {
            this.label = label;
        }
    }

    /** @param dense whether the positions are exactly 1..stored */
    record Result(double eventsPerSecond, long stored, long delivered, boolean dense, double lagP50Millis,
                  double lagP99Millis) {
    }

    private GlobalOrderDesigns() {
    }

    static Result run(BenchDatabase db, Design design, int writers, Duration warmup, Duration window)
            throws InterruptedException {
        EventStoreSchema.migrate(db.dataSource, db.database.dialect());
        JooqEventStorageEngine engine = JooqEventStorageEngine.builder().dsl(db.dsl)
                .transactionManager(db.transactionManager).eventSerializer(db.serializer)
                .snapshotSerializer(db.serializer).build();
        if (design == Design.SEQUENCER_AFTER_COMMIT) {
            engine.start();
        }
        TransactionTemplate readCommitted = new TransactionTemplate(db.transactionManager);
        readCommitted.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        Histogram lagMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        AtomicLong delivered = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Instant[] windowStart = {Instant.MAX};
        Thread reader = new Thread(() -> follow(engine, lagMicros, delivered, stop, windowStart), "design-reader");
        reader.start();

        AtomicLong appended = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            Thread writer = new Thread(() -> {
                while (writing.get()) {
                    DomainEventMessage<?> event = newEvent();
                    if (design == Design.SEQUENCER_AFTER_COMMIT) {
                        db.transactions.executeWithoutResult(s -> engine.appendEvents(event));
                    } else {
                        readCommitted.executeWithoutResult(s -> insertWithLockedCounter(db, event));
                    }
                    appended.incrementAndGet();
                }
            }, "design-writer-" + i);
            threads.add(writer);
            writer.start();
        }
        Thread.sleep(warmup.toMillis());
        long before = appended.get();
        synchronized (lagMicros) {
            windowStart[0] = Instant.now();
        }
        long start = System.nanoTime();
        Thread.sleep(window.toMillis());
        double rate = (appended.get() - before) / ((System.nanoTime() - start) / 1e9);
        writing.set(false);
        for (Thread writer : threads) {
            writer.join();
        }
        long stored = db.count(EVENT_LOG);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (delivered.get() < stored && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        stop.set(true);
        reader.join();
        engine.close();
        long distinct = db.dsl.select(countDistinct(EVENT_LOG.POSITION)).from(EVENT_LOG).fetchSingle().value1();
        Long last = db.dsl.select(max(EVENT_LOG.POSITION)).from(EVENT_LOG).fetchSingle().value1();
        synchronized (lagMicros) {
            return new Result(rate, stored, delivered.get(), distinct == stored && last != null && last == stored,
                    lagMicros.getValueAtPercentile(50) / 1000.0, lagMicros.getValueAtPercentile(99) / 1000.0);
        }
    }

    private static void insertWithLockedCounter(BenchDatabase db, DomainEventMessage<?> event) {
        db.dsl.select(EVENT_SEQUENCER.ID).from(EVENT_SEQUENCER).where(EVENT_SEQUENCER.ID.eq(1)).forUpdate().fetch();
        long next = db.dsl.select(coalesce(max(EVENT_LOG.POSITION), 0L)).from(EVENT_LOG).fetchSingle().value1() + 1;
        SerializedObject<String> payload = event.serializePayload(db.serializer, String.class);
        SerializedObject<String> metadata = event.serializeMetaData(db.serializer, String.class);
        db.dsl.insertInto(EVENT_LOG)
                .set(EVENT_LOG.POSITION, next)
                .set(EVENT_LOG.RUN_ID, event.getAggregateIdentifier())
                .set(EVENT_LOG.SEQUENCE_NUMBER, event.getSequenceNumber())
                .set(EVENT_LOG.EVENT_ID, event.getIdentifier())
                .set(EVENT_LOG.AGGREGATE_TYPE, event.getType())
                .set(EVENT_LOG.PAYLOAD_TYPE, payload.getType().getName())
                .set(EVENT_LOG.PAYLOAD_REVISION, payload.getType().getRevision())
                .set(EVENT_LOG.PAYLOAD, payload.getData())
                .set(EVENT_LOG.METADATA, metadata.getData())
                .set(EVENT_LOG.OCCURRED_AT, ChronoUnit.MICROS.between(Instant.EPOCH, event.getTimestamp()))
                .execute();
    }

    private static void follow(JooqEventStorageEngine engine, Histogram lagMicros, AtomicLong delivered,
                               AtomicBoolean stop, Instant[] windowStart) {
        TrackingToken token = engine.createTailToken();
        while (!stop.get()) {
            try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(token, false)) {
                var iterator = events.iterator();
                while (iterator.hasNext()) {
                    TrackedEventMessage<?> event = iterator.next();
                    long lag = ChronoUnit.MICROS.between(event.getTimestamp(), Instant.now());
                    synchronized (lagMicros) {
                        if (!event.getTimestamp().isBefore(windowStart[0])) {
                            lagMicros.recordValue(Math.max(0, lag));
                        }
                    }
                    delivered.incrementAndGet();
                    token = event.trackingToken();
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static DomainEventMessage<?> newEvent() {
        String runId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        return new GenericDomainEventMessage<>("BenchRun", runId, 0, new RunCreated(runId, "bench", "experiment-1",
                "run " + runId, "benchmark run", new PipelineVersionReference("pipeline-1", "version-1"),
                CommandLoad.PIPELINE_SPEC, null, "runner", "", null, now, now));
    }
}
