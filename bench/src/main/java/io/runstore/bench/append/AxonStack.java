package io.runstore.bench.append;

import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * One Axon application for a measurement, the same for both engines: a command bus and an event-sourced aggregate
 * on the engine under test, in Spring-managed transactions (a command in none of its own when the engine commits in
 * groups), and optionally the projection in a pooled streaming processor ({@link ProjectionMode}) whose tokens live
 * in token_entry.
 */
final class AxonStack implements AutoCloseable {

    final Configuration axon;
    final EmbeddedEventStore eventStore;

    AxonStack(BenchDatabase db, EngineKind kind, EventStorageEngine engine, ProjectionMode projection) {
        eventStore = kind.eventStore(engine);
        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> db.serializer)
                .configureEventSerializer(c -> db.serializer)
                .configureMessageSerializer(c -> db.serializer)
                .configureTransactionManager(c -> db.axonTransactionManager)
                .configureEventStore(c -> eventStore)
                .configureAggregate(BenchRun.class);
        if (!kind.commandsInTransaction()) {
            configurer.configureCommandBus(c -> SimpleCommandBus.builder()
                    .transactionManager(NoTransactionManager.instance())
                    .messageMonitor(c.messageMonitor(SimpleCommandBus.class, "commandBus"))
                    .build());
        }
        if (projection.runs()) {
            ProjectionHandler.createTable(db.dsl);
            configurer.eventProcessing(processing -> projection.register(processing, db));
        }
        axon = configurer.buildConfiguration();
        axon.start();
    }

    CommandGateway commands() {
        return axon.commandGateway();
    }

    @Override
    public void close() {
        axon.shutdown();
    }
}
