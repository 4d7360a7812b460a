package io.runstore.server.config;

import io.runstore.events.experiment.ExperimentCreated;
import io.runstore.events.run.RunCreated;
import io.runstore.eventstore.RunHistory;
import io.runstore.security.RunNamespaces;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the security chain authorizes a command or read on an existing run or experiment against: the namespace its
 * creation event (the first event of its log) names. An id whose first event is neither creation is an error, not
 * a pass.
 */
@Configuration(proxyBeanMethods = false)
class RunNamespacesConfig {

    @Bean
    RunNamespaces runNamespaces(RunHistory history) {
        return id -> history.first(id).map(first -> {
            if (first.payload() instanceof RunCreated run) {
                return run.namespace() == null ? "" : run.namespace();
            }
            if (first.payload() instanceof ExperimentCreated experiment) {
                return experiment.namespace() == null ? "" : experiment.namespace();
            }
            throw new IllegalStateException("the first event of " + id + " is a " + first.type()
                    + ", not a creation");
        });
    }
}
