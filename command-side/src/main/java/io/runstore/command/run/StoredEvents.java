package io.runstore.command.run;

import java.util.Collection;
import java.util.Map;

/** Reads a run's events back from the event log by their sequence numbers, upcast and deserialized. */
@FunctionalInterface
public interface StoredEvents {

    /** The payloads of the run's events with these sequence numbers, by sequence number. */
    Map<Long, Object> payloads(String runId, Collection<Long> sequences);
}
