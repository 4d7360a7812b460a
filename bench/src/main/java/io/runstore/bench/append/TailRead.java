package io.runstore.bench.append;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.stream.Stream;

/** Reads the whole log from the tail through the engine, deserializing every payload, as a catching-up processor. */
final class TailRead {

    private TailRead() {
    }

    record Result(long events, double eventsPerSecond) {
    }

    static Result run(EventStorageEngine engine) {
        long start = System.nanoTime();
        long events = 0;
        try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(engine.createTailToken(), false)) {
            var iterator = stream.iterator();
            while (iterator.hasNext()) {
                if (iterator.next().getPayload() != null) {
                    events++;
                }
            }
        }
        return new Result(events, events / ((System.nanoTime() - start) / 1e9));
    }
}
