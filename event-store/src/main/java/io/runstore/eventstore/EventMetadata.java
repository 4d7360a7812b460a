package io.runstore.eventstore;

/** Metadata keys the event store gives a column of their own. */
public final class EventMetadata {

    /** The id of the command that produced the event: stored in {@code event_log.command_id} (indexed). */
    public static final String COMMAND_ID = "commandId";

    private EventMetadata() {
    }
}
