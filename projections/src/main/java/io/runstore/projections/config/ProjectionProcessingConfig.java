package io.runstore.projections.config;

import io.runstore.projections.runlist.RunListProjector;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Runs the projectors in a pooled streaming processor whose handler errors propagate: the batch rolls back and the
 * processor retries it with backoff, so no event is ever logged and skipped.
 */
@Configuration(proxyBeanMethods = false)
@Profile("projector")
class ProjectionProcessingConfig {

    @Bean
    ConfigurerModule runListProcessing() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerPooledStreamingEventProcessor(RunListProjector.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(RunListProjector.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance()));
    }
}
