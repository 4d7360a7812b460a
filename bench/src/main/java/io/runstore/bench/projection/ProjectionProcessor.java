package io.runstore.bench.projection;

import io.runstore.bench.append.BenchDatabase;
import io.runstore.bench.append.TokenStores;
import io.runstore.projections.processing.AvailabilityNotifyingSource;
import io.runstore.projections.processing.ProjectionTransactions;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.time.Duration;
import java.util.Collection;
import java.util.function.UnaryOperator;

/**
 * One Axon pooled streaming processor running one handler over the event store, its tokens in token_entry, in
 * Spring-managed transactions (as the server runs it). Nothing else is configured.
 */
final class ProjectionProcessor implements AutoCloseable {

    private final Configuration axon;
    private final String name;
    private final int segments;

    /** @param notifying whether the processor reads through runstore's {@link AvailabilityNotifyingSource} */
    ProjectionProcessor(BenchDatabase db, EmbeddedEventStore eventStore, String name, Object handler, int segments,
                        UnaryOperator<PooledStreamingEventProcessor.Builder> tuning, boolean notifying) {
        this.name = name;
        this.segments = segments;
        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> db.serializer)
                .configureEventSerializer(c -> db.serializer)
                .configureMessageSerializer(c -> db.serializer)
                .configureTransactionManager(c -> db.axonTransactionManager);
        configurer.eventProcessing(processing -> processing
                .registerPooledStreamingEventProcessor(name,
                        c -> notifying ? new AvailabilityNotifyingSource(eventStore, Duration.ofMillis(20)) : eventStore,
                        (c, builder) -> tuning.apply(builder.initialSegmentCount(segments)
                                .transactionManager(ProjectionTransactions.of(db.transactionManager, db.dsl))))
                .registerEventHandler(c -> handler)
                .registerListenerInvocationErrorHandler(name, c -> PropagatingErrorHandler.instance())
                .registerTokenStore(c -> TokenStores.tokenEntry(db)));
        axon = configurer.buildConfiguration();
        axon.start();
    }

    /** The lowest position of all segments, once every segment is claimed; -1 before. */
    long position() {
        StreamingEventProcessor processor = axon.eventProcessingConfiguration()
                .eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
        Collection<EventTrackerStatus> status = processor.processingStatus().values();
        if (status.size() < segments) {
            return -1;
        }
        return status.stream().map(EventTrackerStatus::getCurrentPosition).mapToLong(p -> p.orElse(-1))
                .min().orElse(-1);
    }

    @Override
    public void close() {
        axon.shutdown();
    }
}
