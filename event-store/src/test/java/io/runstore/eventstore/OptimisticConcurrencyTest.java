package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static io.runstore.eventstore.EventStoreFixture.event;
import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers racing on one run: in every round all of them read the run's last sequence number, wait until all have
 * read it, then append the next one, each in its own transaction or all through the group commit (where they share a
 * transaction until the conflict splits the group). Exactly one wins each round; every loser gets Axon's
 * conflict exception; the run's sequence is written once per number, without holes.
 */
abstract class OptimisticConcurrencyTest {

    private static final String RUN = "contended-run";
    private static final int ROUNDS = 6;

    private EventStoreFixture fixture;
    private JooqEventStorageEngine engine;

    abstract DatabaseKind databaseKind();

    @BeforeEach
    void setUp() {
        fixture = EventStoreFixture.create(databaseKind(), 40);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0} writers, each append in {1}")
    @CsvSource({"2, its transaction", "8, its transaction", "32, its transaction",
            "2, a group commit", "8, a group commit", "32, a group commit"})
    void racingWritersEachWinOneSequenceNumberAndTheLosersGetAConflict(int writers, String mode) throws Exception {
        boolean groupCommit = mode.contains("group");
        engine = groupCommit ? fixture.startedGroupCommitEngine() : fixture.startedEngine();
        CyclicBarrier allHaveRead = new CyclicBarrier(writers);
        ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> creationConflicts = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> conflicts = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> running = new ArrayList<>();
        for (int writer = 0; writer < writers; writer++) {
            String name = "writer-" + writer;
            running.add(pool.submit(() -> {
                for (int round = 0; round < ROUNDS; round++) {
                    long next = engine.lastSequenceNumberFor(RUN).map(last -> last + 1).orElse(0L);
                    allHaveRead.await(60, TimeUnit.SECONDS);
                    DomainEventMessage<?> event = event(RUN, next, new TestEvents.Noted(RUN, name + "/" + round));
                    try {
                        if (groupCommit) {
                            engine.appendEvents(event);
                        } else {
                            fixture.transactions.executeWithoutResult(s -> engine.appendEvents(event));
                        }
                        written.add(event.getIdentifier());
                    } catch (AggregateStreamCreationException e) {
                        creationConflicts.add(e);
                    } catch (ConcurrencyException e) {
                        conflicts.add(e);
                    }
                    allHaveRead.await(60, TimeUnit.SECONDS);
                }
                return null;
            }));
        }
        for (Future<?> writer : running) {
            writer.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(written).hasSize(ROUNDS);
        assertThat(creationConflicts).hasSize(writers - 1);
        assertThat(conflicts).hasSize((ROUNDS - 1) * (writers - 1));
        List<Long> sequence = fixture.dsl.select(EVENT_LOG.SEQUENCE_NUMBER).from(EVENT_LOG)
                .where(EVENT_LOG.RUN_ID.eq(RUN)).orderBy(EVENT_LOG.SEQUENCE_NUMBER).fetch(EVENT_LOG.SEQUENCE_NUMBER);
        assertThat(sequence).containsExactlyElementsOf(LongStream.range(0, ROUNDS).boxed().toList());
        assertThat(fixture.dsl.select(EVENT_LOG.EVENT_ID).from(EVENT_LOG).fetch(EVENT_LOG.EVENT_ID))
                .containsExactlyInAnyOrderElementsOf(written);
    }
}
