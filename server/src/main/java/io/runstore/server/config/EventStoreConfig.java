package io.runstore.server.config;

import io.runstore.command.config.CommandSideProperties;
import io.runstore.eventstore.EventLogReader;
import io.runstore.eventstore.EventMetadata;
import io.runstore.eventstore.FailFastEventStore;
import io.runstore.eventstore.GroupCommitHealth;
import io.runstore.eventstore.JooqEventStorageEngine;
import io.runstore.eventstore.RunHistory;
import io.runstore.server.schema.SchemasOnStart;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.MultiCorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;
import java.util.List;

/**
 * The event store: runstore's own {@link JooqEventStorageEngine} on the Spring-managed {@link DSLContext} and
 * transactions (Axon's JDBC auto-configuration backs off), used by every role, Axon's embedded event store on it, and
 * the snake_case token table Axon's processors keep their positions in.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfig {

    @Bean(initMethod = "start", destroyMethod = "close")
    JooqEventStorageEngine eventStorageEngine(
            DSLContext dsl, PlatformTransactionManager transactionManager, Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            org.axonframework.config.Configuration axon,
            SchemasOnStart schemas,
            @Value("${runstore.event-store.poll-interval:100ms}") Duration pollInterval,
            @Value("${runstore.event-store.sequencer-idle-poll-limit:2s}") Duration sequencerIdlePollLimit,
            @Value("${runstore.event-store.sequencer-polls:true}") boolean sequencerPolls,
            CommandSideProperties command) {
        // the schemas are migrated (or checked) before the sequencer starts reading them
        return JooqEventStorageEngine.builder()
                .dsl(dsl)
                .transactionManager(transactionManager)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .upcasterChain(axon.upcasterChain())
                .snapshotFilter(axon.snapshotFilter())
                .pollInterval(pollInterval)
                .sequencerIdlePollLimit(sequencerIdlePollLimit)
                .sequencerPolls(sequencerPolls)
                .groupCommit(command.eventStore().groupCommitMax())
                .groupCommitBounds(command.eventStore().groupCommitMaxEvents(),
                        command.eventStore().groupCommitMaxBytes().toBytes())
                .groupCommitWaitLimit(command.command().writeTimeout())
                .build();
    }

    /**
     * {@code /actuator/health} component "groupCommit": DOWN when the group-commit worker's thread is gone (every
     * write is then answered 503); groups it failed because of something unexpected (an {@link Error}) and the last
     * such failure as details. Absent when group commit is off.
     */
    @Bean
    HealthIndicator groupCommit(JooqEventStorageEngine eventStorageEngine) {
        return () -> eventStorageEngine.groupCommitHealth().map(EventStoreConfig::health)
                .orElseGet(() -> Health.unknown().withDetail("groupCommit", "off").build());
    }

    private static Health health(GroupCommitHealth worker) {
        Health.Builder health = worker.workerAlive() ? Health.up() : Health.down();
        health.withDetail("workerAlive", worker.workerAlive())
                .withDetail("queued", worker.queued())
                .withDetail("failedGroups", worker.failedGroups());
        worker.lastFailure().ifPresent(failure -> health.withDetail("lastFailure", failure));
        worker.lastFailureAt().ifPresent(at -> health.withDetail("lastFailureAt", at.toString()));
        return health.build();
    }

    /** A run's history, upcast and typed, for the query role's history endpoint. */
    @Bean
    RunHistory runHistory(DSLContext dsl, @Qualifier("eventSerializer") Serializer eventSerializer,
                          org.axonframework.config.Configuration axon) {
        return new RunHistory(dsl, eventSerializer, axon.upcasterChain());
    }

    /** The whole log by position, upcast and typed: for replays and publishers. */
    @Bean
    EventLogReader eventLogReader(DSLContext dsl, @Qualifier("eventSerializer") Serializer eventSerializer,
                                  org.axonframework.config.Configuration axon) {
        return new EventLogReader(dsl, eventSerializer, axon.upcasterChain());
    }

    /**
     * Axon's embedded event store, told to look for other processes' events every {@code poll-interval} (its default
     * is a second); this process's own events reach its processors as soon as they are sequenced. A run whose snapshot
     * cannot be read because the database is unavailable fails to load at once ({@link FailFastEventStore}).
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration axon,
                                  @Value("${runstore.event-store.poll-interval:100ms}") Duration pollInterval) {
        return new FailFastEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class))
                .fetchDelay(pollInterval.toMillis()));
    }

    /**
     * Copies the command id (for the {@code command_id} column) and who sent the command (principal and namespace)
     * onto the events it produces, beside Axon's default correlation and trace ids (which back off when any provider
     * is declared).
     */
    @Bean
    CorrelationDataProvider eventCorrelationData() {
        return new MultiCorrelationDataProvider<>(List.of(new MessageOriginProvider(),
                new SimpleCorrelationDataProvider(EventMetadata.COMMAND_ID, EventMetadata.PRINCIPAL,
                        EventMetadata.NAMESPACE)));
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }
}
