package io.runstore.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Event payloads of the event-store tests. */
final class TestEvents {

    private TestEvents() {
    }

    record Noted(String runId, String note) {
    }

    /** A payload with JSON values, absent or null ones among them. */
    record Specified(String runId, JsonNode spec, JsonNode nothing, Inner inner) {

        record Inner(JsonNode value) {
        }
    }

    /** A payload with instants. */
    record Timed(String runId, Instant at, Instant until) {
    }

    /** Revision 2 renamed {@code name} to {@code title}; {@link RenamedUpcaster} upgrades revision-1 payloads. */
    @Revision("2")
    record Renamed(String runId, String title) {
    }
}
