package io.runstore.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runstore.command.idempotency.CommandMetadata;
import io.runstore.eventstore.CountingIdentifierFactory;
import io.runstore.eventstore.JooqEventStorageEngine;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The server runs runstore's event store in place of Axon's stock engine: commands append through it in the
 * command's Spring transaction, their command id lands in the {@code command_id} column, a duplicate run sequence is
 * recognised behind Spring's exception translation, upcaster beans apply on read, and the server's sequencer numbers
 * what commits. Run once per database.
 */
@Import(EventStoreWiringTest.UpcasterConfig.class)
abstract class EventStoreWiringTest {

    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    EventBus eventBus;
    @Autowired
    CommandGateway commands;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    DSLContext dsl;

    @Autowired
    ApplicationContext context;

    @Test
    void axonBuildsNoXStreamAndEverySerializerIsJackson() {
        assertThat(context.containsBean("defaultAxonXStream")).isFalse();
        assertThat(context.getBeansOfType(Serializer.class).values()).isNotEmpty()
                .allSatisfy(serializer -> assertThat(serializer).isInstanceOf(JacksonSerializer.class));
    }

    @Test
    void axonWrapsNoHandlerInATimeout() {
        // each timed handler call took a Thread.getStackTrace() and scheduled a warning (docs/benchmarks/ingest.md)
        assertThat(context.getBeanNamesForType(HandlerTimeoutHandlerEnhancerDefinition.class)).isEmpty();
        assertThat(context.containsBean("axonTimeoutConfigurerModule")).isFalse();
    }

    @Test
    void axonNamesMessagesWithoutSecureRandom() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(CountingIdentifierFactory.class);
    }

    @Test
    void healthReportsTheGroupCommitWorker() {
        Health health = context.getBean("groupCommit", HealthIndicator.class).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("workerAlive", true).containsEntry("failedGroups", 0L);
    }

    @Test
    void axonsEventStoreRunsOnTheJooqEngine() {
        assertThat(storageEngine).isInstanceOf(JooqEventStorageEngine.class);
        assertThat(eventBus).isInstanceOf(EmbeddedEventStore.class);
    }

    @Test
    void aCommandsIdIsStoredWithItsEventsAndFindsThem() {
        String probeId = UUID.randomUUID().toString();
        String commandId = "command-" + probeId;
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new WiringProbe.OpenProbe(probeId, "first"))
                .andMetaData(Map.of(CommandMetadata.COMMAND_ID, commandId)));

        assertThat(dsl.select(EVENT_LOG.COMMAND_ID).from(EVENT_LOG).where(EVENT_LOG.RUN_ID.eq(probeId))
                .fetch(EVENT_LOG.COMMAND_ID)).containsExactly(commandId);
        assertThat(((JooqEventStorageEngine) storageEngine).readEventsOfCommand(commandId).asStream()
                .<Object>map(DomainEventMessage::getPayload)).containsExactly(new WiringProbe.ProbeOpened(probeId, "first"));
    }

    @Test
    void aCommandsEventsCommitOrRollBackWithTheOtherWritesOfItsTransaction() {
        Table<?> probe = DSL.table(DSL.name("command_transaction_probe"));
        Field<String> probeColumn = DSL.field(DSL.name("probe_id"), SQLDataType.VARCHAR(64));
        dsl.createTableIfNotExists(probe).column(probeColumn).execute();
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        String rolledBack = UUID.randomUUID().toString();
        String committed = UUID.randomUUID().toString();

        transaction.executeWithoutResult(status -> {
            commands.sendAndWait(new WiringProbe.OpenProbe(rolledBack, "rolled back"));
            dsl.insertInto(probe).columns(probeColumn).values(rolledBack).execute();
            status.setRollbackOnly();
        });
        transaction.executeWithoutResult(status -> {
            commands.sendAndWait(new WiringProbe.OpenProbe(committed, "committed"));
            dsl.insertInto(probe).columns(probeColumn).values(committed).execute();
        });

        assertThat(dsl.fetchCount(EVENT_LOG, EVENT_LOG.RUN_ID.eq(rolledBack))).isZero();
        assertThat(dsl.fetchCount(probe, probeColumn.eq(rolledBack))).isZero();
        assertThat(dsl.fetchCount(EVENT_LOG, EVENT_LOG.RUN_ID.eq(committed))).isOne();
        assertThat(dsl.fetchCount(probe, probeColumn.eq(committed))).isOne();
    }

    @Test
    void aRunsSequenceNumberWrittenTwiceIsAConflictThroughSpringsJooq() {
        String probeId = UUID.randomUUID().toString();
        commands.sendAndWait(new WiringProbe.OpenProbe(probeId, "first"));

        assertThatThrownBy(() -> new TransactionTemplate(transactionManager).executeWithoutResult(status ->
                storageEngine.appendEvents(new GenericDomainEventMessage<>("WiringProbe", probeId, 0,
                        new WiringProbe.ProbeOpened(probeId, "second")))))
                .isInstanceOf(AggregateStreamCreationException.class);
        assertThat(dsl.fetchCount(EVENT_LOG, EVENT_LOG.RUN_ID.eq(probeId))).isOne();
    }

    @Test
    void committedEventsAreSequencedByTheServer() {
        String probeId = UUID.randomUUID().toString();
        commands.sendAndWait(new WiringProbe.OpenProbe(probeId, "numbered"));

        Long position = await().atMost(Duration.ofSeconds(30)).until(() -> dsl.select(EVENT_LOG.POSITION)
                .from(EVENT_LOG).where(EVENT_LOG.RUN_ID.eq(probeId)).fetchSingle().value1(), p -> p != null);
        assertThat(position).isPositive();
    }

    @Test
    void upcasterBeansApplyWhenEventsAreRead() {
        String probeId = UUID.randomUUID().toString();
        dsl.insertInto(EVENT_LOG)
                .set(EVENT_LOG.RUN_ID, probeId).set(EVENT_LOG.SEQUENCE_NUMBER, 0L)
                .set(EVENT_LOG.EVENT_ID, UUID.randomUUID().toString()).set(EVENT_LOG.AGGREGATE_TYPE, "WiringProbe")
                .set(EVENT_LOG.PAYLOAD_TYPE, WiringProbe.ProbeOpened.class.getName())
                .set(EVENT_LOG.PAYLOAD_REVISION, "1")
                .set(EVENT_LOG.PAYLOAD, "{\"probeId\": \"" + probeId + "\", \"name\": \"old shape\"}")
                .set(EVENT_LOG.METADATA, "{}").set(EVENT_LOG.OCCURRED_AT, 0L)
                .execute();

        assertThat(((EventStore) eventBus).readEvents(probeId).asStream().<Object>map(DomainEventMessage::getPayload))
                .containsExactly(new WiringProbe.ProbeOpened(probeId, "old shape"));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class UpcasterConfig {

        @Bean
        EventUpcaster probeOpenedRevision1To2() {
            SimpleSerializedType revision1 = new SimpleSerializedType(WiringProbe.ProbeOpened.class.getName(), "1");
            return new SingleEventUpcaster() {
                @Override
                protected boolean canUpcast(IntermediateEventRepresentation representation) {
                    return representation.getType().equals(revision1);
                }

                @Override
                protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
                    return representation.upcastPayload(
                            new SimpleSerializedType(WiringProbe.ProbeOpened.class.getName(), "2"), JsonNode.class,
                            payload -> {
                                ObjectNode upgraded = ((ObjectNode) payload).deepCopy();
                                upgraded.set("label", upgraded.remove("name"));
                                return upgraded;
                            });
                }
            };
        }
    }
}
