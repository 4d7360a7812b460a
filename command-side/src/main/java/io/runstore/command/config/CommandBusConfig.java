package io.runstore.command.config;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The command bus, as Axon's auto-configuration builds it except for the transaction: with group commit on
 * ({@code runstore.event-store.group-commit-max} above 0, the default) a command runs without a database transaction
 * of its own, and its events and command-log row commit in the event store's group transaction; with it off, each
 * command runs in its own transaction.
 */
@Configuration(proxyBeanMethods = false)
class CommandBusConfig {

    @Bean
    @Qualifier("localSegment")
    SimpleCommandBus commandBus(TransactionManager transactionManager, DuplicateCommandHandlerResolver resolver,
                                org.axonframework.config.Configuration axon,
                                @Value("${runstore.event-store.group-commit-max:200}") int groupCommitMax) {
        SimpleCommandBus commandBus = SimpleCommandBus.builder()
                .transactionManager(groupCommitMax > 0 ? NoTransactionManager.instance() : transactionManager)
                .duplicateCommandHandlerResolver(resolver)
                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus"))
                .build();
        commandBus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        return commandBus;
    }
}
