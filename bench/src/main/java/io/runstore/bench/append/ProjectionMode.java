package io.runstore.bench.append;

import io.runstore.projections.processing.ProjectionTransactions;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;

/**
 * Whether a projection runs beside the appends, and how its pooled streaming processor is set up. The handler is the
 * same in both setups and for both engines ({@link ProjectionHandler}: one jOOQ upsert per event).
 */
enum ProjectionMode {

    NONE("none"),

    /** Axon's defaults: 16 segments, one event per transaction (its token written with every event). */
    PER_EVENT("per event (Axon's defaults: 16 segments, 1 event per transaction)"),

    /** The server projector's processor settings: 2 segments, up to 500 events per READ COMMITTED transaction. */
    BATCHED("batched (the server projector's settings: 2 segments, 500 events per transaction)");

    final String label;

    ProjectionMode(String label) {
        this.label = label;
    }

    static ProjectionMode parse(String name) {
        return valueOf(name.trim().toUpperCase().replace('-', '_'));
    }

    /** The label without its explanation: "none", "per event", "batched". */
    String shortLabel() {
        return label.replaceFirst(" \\(.*", "");
    }

    boolean runs() {
        return this != NONE;
    }

    void register(EventProcessingConfigurer processing, BenchDatabase db) {
        if (this == NONE) {
            return;
        }
        processing.registerPooledStreamingEventProcessor(ProjectionHandler.PROCESSING_GROUP,
                        org.axonframework.config.Configuration::eventStore,
                        (configuration, builder) -> this == PER_EVENT ? builder : builder
                                .batchSize(500)
                                .initialSegmentCount(2)
                                .transactionManager(ProjectionTransactions.of(db.transactionManager, db.dsl)))
                .registerEventHandler(configuration -> new ProjectionHandler(db.dsl))
                .registerListenerInvocationErrorHandler(ProjectionHandler.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance())
                .registerTokenStore(configuration -> TokenStores.tokenEntry(db));
    }
}
