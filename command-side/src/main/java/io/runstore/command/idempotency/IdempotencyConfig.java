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

/** The command log and the interceptor that consults it; Axon registers the interceptor on the command bus. */
@Configuration(proxyBeanMethods = false)
@Profile("command")
class IdempotencyConfig {

    /**
     * Outermost of runstore's command interceptors (Axon registers them in this order): a repeated key is answered
     * from the log before anything looks at the run, the stale-run guard included.
     */
    @Bean
    @Order(IdempotencyInterceptor.ORDER)
    MessageHandlerInterceptor<CommandMessage<?>> idempotencyInterceptor(DSLContext dsl, Serializer serializer) {
        return new IdempotencyInterceptor(new CommandLog(dsl, serializer, Clock.systemUTC()));
    }
}
