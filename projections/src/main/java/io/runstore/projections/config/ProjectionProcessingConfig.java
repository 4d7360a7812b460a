package io.runstore.projections.config;

import io.runstore.projections.processing.AvailabilityNotifyingSource;
import io.runstore.projections.processing.BatchProjector;
import io.runstore.projections.processing.ProjectionProgress;
import io.runstore.projections.processing.ProjectionTransactions;
import io.runstore.projections.processing.RunListProjector;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.lifecycle.Phase;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.jooq.DSLContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Runs the run-list projector in a pooled streaming processor that hands it {@code runstore.projection.batch-size}
 * events per unit of work. Handler errors propagate: the batch and its position roll back and the processor retries
 * it after its backoff, outside any transaction, so no event is ever logged and skipped (the projector parks a poison
 * event itself, at once).
 * Batches run at READ COMMITTED and, on PostgreSQL, commit without waiting for the WAL flush
 * ({@link ProjectionTransactions}).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@Profile("projector")
@EnableConfigurationProperties(ProjectionProperties.class)
class ProjectionProcessingConfig {

    @Bean
    ConfigurerModule runListProcessing(ProjectionProperties properties, PlatformTransactionManager transactionManager,
                                       DSLContext dsl) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerPooledStreamingEventProcessor(RunListProjector.PROCESSING_GROUP,
                        configuration -> availabilityNotifying(configuration, properties),
                        (configuration, builder) -> builder
                                .batchSize(properties.batchSize())
                                .initialSegmentCount(properties.segments())
                                .transactionManager(ProjectionTransactions.of(transactionManager, dsl)))
                .registerListenerInvocationErrorHandler(RunListProjector.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance()));
    }

    /** The source's watching thread ends when the processors have shut down. */
    private static AvailabilityNotifyingSource availabilityNotifying(Configuration configuration,
                                                                     ProjectionProperties properties) {
        AvailabilityNotifyingSource source = new AvailabilityNotifyingSource(configuration.eventStore(),
                properties.pollInterval());
        configuration.onShutdown(Phase.OUTBOUND_EVENT_CONNECTORS, source::close);
        return source;
    }

    @Bean
    BatchProjector batchProjector() {
        return new BatchProjector();
    }

    @Bean
    ProjectionProgress projectionProgress() {
        return new ProjectionProgress();
    }
}
