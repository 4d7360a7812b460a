package io.runstore.eventstore;

import org.axonframework.serialization.Revision;

/** Event payloads of the event-store tests. */
final class TestEvents {

    private TestEvents() {
    }

    record Noted(String runId, String note) {
    }

    /** Revision 2 renamed {@code name} to {@code title}; {@link RenamedUpcaster} upgrades revision-1 payloads. */
    @Revision("2")
    record Renamed(String runId, String title) {
    }
}
