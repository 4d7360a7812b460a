package io.runstore.command.idempotency;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.serialization.Serializer;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;

import java.time.Clock;

/**
 * The command log, the interceptor that writes it (Axon registers it on the command bus) and the answers read back
 * from it for repeated keys.
 */
@Configuration(proxyBeanMethods = false)
@Profile("command")
class IdempotencyConfig {

    @Bean
    CommandLog commandLog(DSLContext dsl, Serializer serializer) {
        return new CommandLog(dsl, serializer, Clock.systemUTC());
    }

    /** Outermost of runstore's command interceptors (Axon registers them in this order). */
    @Bean
    @Order(IdempotencyInterceptor.ORDER)
    MessageHandlerInterceptor<CommandMessage<?>> idempotencyInterceptor(CommandLog commandLog) {
        return new IdempotencyInterceptor(commandLog);
    }

    @Bean
    RecordedAnswers recordedAnswers(CommandLog commandLog) {
        return new RecordedAnswers(commandLog);
    }
}
