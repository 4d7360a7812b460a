package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.jooq.Record5;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static io.runstore.eventstore.EventStoreFixture.event;
import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.countDistinct;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.sum;

/**
 * 32 writers in two "processes" (two engines, each with its own sequencer, on one database; the second also with
 * group commit) append one to three events per transaction, sleep a random while inside it, and roll back 5 % of
 * their transactions; half of the second process's appends are made outside a transaction, through its group commit; one transaction
 * stays open for seconds while the others commit past it. A tailing reader (the engine's {@code readEvents} with a
 * token, restarted from its serialized token on the way) and a pooled streaming processor (four segments, restarted
 * on the way, then reset for a replay) must each deliver exactly the committed events: the same set as an independent
 * count and checksum of the table and as the writers' own record of their commits, none twice, each run in order.
 */
abstract class LosslessTailingTest {

    private static final int WRITERS = 32;
    private static final int TRANSACTIONS_PER_WRITER = 40;
    private static final int RUNS_PER_WRITER = 3;
    private static final int ROLLBACK_PERCENT = 5;
    private static final Duration STRAGGLER_HOLD = Duration.ofSeconds(3);

    private EventStoreFixture fixture;
    private JooqEventStorageEngine processA;
    private JooqEventStorageEngine processB;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    abstract DatabaseKind databaseKind();

    @BeforeEach
    void setUp() {
        fixture = EventStoreFixture.create(databaseKind(), WRITERS + 24);
        processA = fixture.startedEngine();
        processB = fixture.startedGroupCommitEngine();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : cleanup) {
            closeable.close();
        }
        fixture.close();
    }

    @Test
    void tailingReaderAndPooledProcessorDeliverExactlyTheCommittedEvents() throws Exception {
        EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(processA).fetchDelay(100).build();
        cleanup.add(eventStore::shutDown);
        InMemoryTokenStore tokenStore = new InMemoryTokenStore();
        Deliveries processed = new Deliveries();
        PooledStreamingEventProcessor[] processor = {startProcessor(eventStore, tokenStore, processed)};
        TailingReader reader = new TailingReader(processA);
        Future<?> reading = Executors.newSingleThreadExecutor().submit(reader);

        Collection<Delivery> committed = runWriters(() -> {
            processor[0].shutDown();
            processor[0] = startProcessor(eventStore, tokenStore, processed);
        });

        await().atMost(Duration.ofMinutes(2)).until(() -> reader.size() >= committed.size()
                && processed.size() >= committed.size());
        reader.stop();
        reading.get(60, TimeUnit.SECONDS);
        assertThat(reader.restarts.get()).isPositive();

        TableCount table = countTable();
        assertThat(table.events()).isEqualTo(committed.size());
        assertThat(table.distinctPositions()).isEqualTo(table.events());
        assertThat(table.firstPosition()).isEqualTo(1);
        assertThat(table.lastPosition()).isEqualTo(table.events());
        assertThat(table.checksum()).isEqualTo(checksum(committed));

        List<Delivery> read = reader.deliveries();
        assertThat(read).hasSize(committed.size());
        assertThat(checksum(read)).isEqualTo(table.checksum());
        assertThat(read.stream().map(Delivery::sequence).mapToLong(Long::longValue).sum())
                .isEqualTo(table.sequenceSum());
        assertThat(read.stream().map(Delivery::position))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, table.events()).boxed().toList());
        assertEachRunInOrder(read);
        try (Stream<? extends TrackedEventMessage<?>> rest = processA.readEvents(reader.token, false)) {
            assertThat(rest).isEmpty();
        }

        List<Delivery> handled = processed.list();
        assertThat(handled).hasSize(committed.size());
        assertThat(checksum(handled)).isEqualTo(table.checksum());
        assertEachRunInOrder(handled);

        processor[0].shutDown();
        processor[0].resetTokens();
        Deliveries replayed = new Deliveries();
        processor[0] = startProcessor(eventStore, tokenStore, replayed);
        await().atMost(Duration.ofMinutes(2)).until(() -> replayed.size() >= committed.size());
        assertThat(replayed.list()).hasSize(committed.size());
        assertThat(checksum(replayed.list())).isEqualTo(table.checksum());
        processor[0].shutDown();
    }

    /**
     * Runs the writers; {@code midway} runs once while they are still writing.
     *
     * @return what the writers committed
     */
    private Collection<Delivery> runWriters(Runnable midway) throws Exception {
        ConcurrentLinkedQueue<Delivery> committed = new ConcurrentLinkedQueue<>();
        AtomicInteger finishedTransactions = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int writer = 0; writer < WRITERS; writer++) {
            int id = writer;
            writers.add(pool.submit(() -> write(id, committed, finishedTransactions)));
        }
        await().atMost(Duration.ofMinutes(2))
                .until(() -> finishedTransactions.get() >= WRITERS * TRANSACTIONS_PER_WRITER / 2);
        midway.run();
        for (Future<?> writer : writers) {
            writer.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        return committed;
    }

    private void write(int writer, Collection<Delivery> committed, AtomicInteger finished) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long[] nextSequence = new long[RUNS_PER_WRITER];
        for (int transaction = 0; transaction < TRANSACTIONS_PER_WRITER; transaction++) {
            int run = random.nextInt(RUNS_PER_WRITER);
            String runId = "w" + writer + "-r" + run;
            List<DomainEventMessage<?>> events = new ArrayList<>();
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                long sequence = nextSequence[run] + i;
                events.add(event(runId, sequence, new TestEvents.Noted(runId, "t" + transaction + "e" + i)));
            }
            JooqEventStorageEngine engine = transaction % 2 == 0 ? processA : processB;
            boolean straggler = writer == 0 && transaction == 1;
            boolean grouped = engine == processB && !straggler && random.nextBoolean();
            boolean rollBack = !grouped && random.nextInt(100) < ROLLBACK_PERCENT;
            if (grouped) {
                engine.appendEvents(events);
            } else {
                fixture.transactions.executeWithoutResult(status -> {
                    engine.appendEvents(events);
                    sleep(straggler ? STRAGGLER_HOLD.toMillis() : random.nextInt(15));
                    if (rollBack) {
                        status.setRollbackOnly();
                    }
                });
            }
            if (!rollBack) {
                events.forEach(e -> committed.add(new Delivery(e.getIdentifier(), runId, e.getSequenceNumber(), 0)));
                nextSequence[run] += count;
            }
            finished.incrementAndGet();
        }
    }

    private PooledStreamingEventProcessor startProcessor(EmbeddedEventStore eventStore, InMemoryTokenStore tokenStore,
                                                         Deliveries deliveries) {
        ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService workers = Executors.newScheduledThreadPool(4);
        cleanup.add(coordinator::shutdownNow);
        cleanup.add(workers::shutdownNow);
        EventMessageHandler handler = new EventMessageHandler() {
            @Override
            public Object handle(EventMessage<?> event) {
                deliveries.add((TrackedEventMessage<?>) event);
                return null;
            }

            @Override
            public boolean supportsReset() {
                return true;
            }
        };
        PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                .name("lossless-tailing")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handler).build())
                .messageSource(eventStore)
                .tokenStore(tokenStore)
                .transactionManager(NoTransactionManager.instance())
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(4)
                .tokenClaimInterval(200)
                .batchSize(20)
                .build();
        processor.start();
        return processor;
    }

    private TableCount countTable() throws Exception {
        Record5<Integer, Integer, Long, Long, BigDecimal> counts = fixture.dsl
                .select(count(), countDistinct(EVENT_LOG.POSITION), min(EVENT_LOG.POSITION), max(EVENT_LOG.POSITION),
                        sum(EVENT_LOG.SEQUENCE_NUMBER))
                .from(EVENT_LOG).fetchSingle();
        List<String> ids = fixture.dsl.select(EVENT_LOG.EVENT_ID).from(EVENT_LOG).fetch(EVENT_LOG.EVENT_ID);
        return new TableCount(counts.value1(), counts.value2(), counts.value3(), counts.value4(),
                counts.value5().longValue(), checksumOfIds(ids));
    }

    private static void assertEachRunInOrder(List<Delivery> deliveries) {
        Map<String, List<Long>> byRun = new LinkedHashMap<>();
        deliveries.forEach(d -> byRun.computeIfAbsent(d.runId(), run -> new ArrayList<>()).add(d.sequence()));
        byRun.forEach((run, sequence) -> assertThat(sequence).as("the events of %s in delivery order", run)
                .containsExactlyElementsOf(LongStream.range(0, sequence.size()).boxed().toList()));
    }

    private static String checksum(Collection<Delivery> deliveries) {
        return checksumOfIds(deliveries.stream().map(Delivery::eventId).toList());
    }

    /** SHA-256 over the sorted ids: equal only for the same set of ids with the same multiplicity. */
    private static String checksumOfIds(Collection<String> ids) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ids.stream().sorted().forEach(id -> digest.update((id + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An event as a writer committed it or a reader received it. */
    private record Delivery(String eventId, String runId, long sequence, long position) {

        static Delivery of(TrackedEventMessage<?> event) {
            DomainEventMessage<?> domainEvent = (DomainEventMessage<?>) event;
            return new Delivery(event.getIdentifier(), domainEvent.getAggregateIdentifier(),
                    domainEvent.getSequenceNumber(), event.trackingToken().position().orElseThrow());
        }
    }

    private record TableCount(int events, int distinctPositions, long firstPosition, long lastPosition,
                              long sequenceSum, String checksum) {
    }

    /** What a processor handled, in the order it handled it. */
    private static final class Deliveries {
        private final ConcurrentLinkedQueue<Delivery> handled = new ConcurrentLinkedQueue<>();

        void add(TrackedEventMessage<?> event) {
            handled.add(Delivery.of(event));
        }

        int size() {
            return handled.size();
        }

        List<Delivery> list() {
            return List.copyOf(handled);
        }
    }

    /**
     * Follows the log with the engine's non-blocking reads from its last token, as a projector would; every 400
     * events it "restarts": its token goes through the serializer (as into a token store) and it reads on from the
     * deserialized copy.
     */
    private final class TailingReader implements Runnable {
        private final JooqEventStorageEngine engine;
        private final List<Delivery> deliveries = new ArrayList<>();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicInteger restarts = new AtomicInteger();
        private volatile TrackingToken token;

        TailingReader(JooqEventStorageEngine engine) {
            this.engine = engine;
            this.token = engine.createTailToken();
        }

        @Override
        public void run() {
            int sinceRestart = 0;
            while (!stopped.get()) {
                try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(token, false)) {
                    Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
                    while (iterator.hasNext()) {
                        TrackedEventMessage<?> event = iterator.next();
                        synchronized (deliveries) {
                            deliveries.add(Delivery.of(event));
                        }
                        token = event.trackingToken();
                        if (++sinceRestart == 400) {
                            break;
                        }
                    }
                }
                if (sinceRestart >= 400) {
                    SerializedObject<String> stored = fixture.serializer.serialize(token, String.class);
                    token = fixture.serializer.deserialize(new SimpleSerializedObject<>(stored.getData(),
                            String.class, stored.getType()));
                    restarts.incrementAndGet();
                    sinceRestart = 0;
                }
                sleep(5);
            }
        }

        int size() {
            synchronized (deliveries) {
                return deliveries.size();
            }
        }

        List<Delivery> deliveries() {
            synchronized (deliveries) {
                return List.copyOf(deliveries);
            }
        }

        void stop() {
            stopped.set(true);
        }
    }
}
