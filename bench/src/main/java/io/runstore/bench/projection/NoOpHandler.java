package io.runstore.bench.projection;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/** Takes every event and does nothing: the processor's own ceiling (reading, deserializing, tokens). */
@ProcessingGroup(NoOpHandler.PROCESSING_GROUP)
public class NoOpHandler {

    static final String PROCESSING_GROUP = "bench-noop";

    @EventHandler
    void on(Object event) {
        // nothing: only the processor's cost is measured
    }
}
