package io.runstore.eventstore;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.runstore.testsupport.DatabaseKind;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.runstore.eventstore.schema.Tables.EVENT_SNAPSHOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A long-lived aggregate with a snapshot trigger every {@value #THRESHOLD} events, through Axon's repository and
 * snapshotter on the engine: one snapshot row per aggregate, replaced as it grows, and loading starts from it.
 */
abstract class SnapshottingTest {

    private static final int THRESHOLD = 10;

    private EventStoreFixture fixture;
    private JooqEventStorageEngine engine;
    private Configuration axon;

    abstract DatabaseKind databaseKind();

    @BeforeEach
    void setUp() {
        fixture = EventStoreFixture.create(databaseKind(), 8);
        engine = fixture.startedEngine();
        axon = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> fixture.serializer)
                .configureEventSerializer(c -> fixture.serializer)
                .configureTransactionManager(c -> new SpringTransactionManager(fixture.transactionManager))
                .configureEmbeddedEventStore(c -> engine)
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Tally.class)
                        .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(c.snapshotter(),
                                THRESHOLD)))
                .buildConfiguration();
        axon.start();
    }

    @AfterEach
    void tearDown() {
        axon.shutdown();
        fixture.close();
    }

    @Test
    void aGrowingAggregateKeepsOneSnapshotAndLoadsFromIt() {
        CommandGateway commands = axon.commandGateway();
        commands.sendAndWait(new OpenTally("tally-1"));
        long expected = 0;
        for (int i = 1; i <= 35; i++) {
            commands.sendAndWait(new AddToTally("tally-1", i));
            expected += i;
        }

        var snapshots = fixture.dsl.selectFrom(EVENT_SNAPSHOT).where(EVENT_SNAPSHOT.RUN_ID.eq("tally-1")).fetch();
        assertThat(snapshots).hasSize(1);
        long snapshotSequence = snapshots.get(0).getSequenceNumber();
        assertThat(snapshotSequence).isGreaterThanOrEqualTo(2L * THRESHOLD);

        List<? extends DomainEventMessage<?>> loaded = axon.eventStore().readEvents("tally-1").asStream().toList();
        assertThat(loaded.get(0).getPayloadType()).isEqualTo(Tally.class);
        assertThat(loaded.get(0).getSequenceNumber()).isEqualTo(snapshotSequence);
        assertThat(loaded).hasSize((int) (35 - snapshotSequence + 1));
        long total = commands.sendAndWait(new AddToTally("tally-1", 0));
        assertThat(total).isEqualTo(expected);
    }

    record OpenTally(@TargetAggregateIdentifier String tallyId) {
    }

    record AddToTally(@TargetAggregateIdentifier String tallyId, long amount) {
    }

    record TallyOpened(String tallyId) {
    }

    record TallyAdded(String tallyId, long amount) {
    }

    /** Sums what is added to it; snapshot as JSON from its fields. */
    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE)
    static class Tally {

        @AggregateIdentifier
        private String tallyId;
        private long total;

        Tally() {
        }

        @CommandHandler
        Tally(OpenTally command) {
            apply(new TallyOpened(command.tallyId()));
        }

        @CommandHandler
        long handle(AddToTally command) {
            apply(new TallyAdded(tallyId, command.amount()));
            return total;
        }

        @EventSourcingHandler
        void on(TallyOpened event) {
            tallyId = event.tallyId();
        }

        @EventSourcingHandler
        void on(TallyAdded event) {
            total += event.amount();
        }
    }
}
