package io.runstore.command.config;

import io.runstore.command.idempotency.RecordedAnswers;
import io.runstore.command.routing.RecordTargetResolver;
import io.runstore.command.run.Commands;
import io.runstore.eventstore.JooqEventStorageEngine;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;


/**
 * The command bus, as Axon's auto-configuration builds it except for the transaction: when the event store groups
 * commits ({@code runstore.event-store.group-commit-max} above 0, the default) a command runs without a database
 * transaction of its own, and its events and command-log row commit in the event store's group transaction; with it
 * off, each command runs in its own transaction. The engine is asked, not the property, so the two cannot disagree.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CommandSideProperties.class)
class CommandBusConfig {

    @Bean
    @Qualifier("localSegment")
    SimpleCommandBus commandBus(TransactionManager transactionManager, DuplicateCommandHandlerResolver resolver,
                                org.axonframework.config.Configuration axon,
                                JooqEventStorageEngine eventStorageEngine) {
        SimpleCommandBus commandBus = SimpleCommandBus.builder()
                .transactionManager(eventStorageEngine.groupCommits() ? NoTransactionManager.instance()
                        : transactionManager)
                .duplicateCommandHandlerResolver(resolver)
                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus"))
                .build();
        commandBus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        return commandBus;
    }

    /** Named by the aggregates' {@code @Aggregate(commandTargetResolver = ...)}: Run and Experiment. */
    @Bean
    RecordTargetResolver commandTargetResolver() {
        return new RecordTargetResolver();
    }

    @Bean
    @Profile("command")
    Commands commands(CommandGateway gateway, RecordedAnswers recordedAnswers, CommandSideProperties properties) {
        return new Commands(gateway, recordedAnswers, properties.command().maxAttempts());
    }
}
