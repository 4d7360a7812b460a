package io.runstore.eventstore;

/**
 * Metadata keys of the events: the one the event store gives a column of its own, and those the application writes
 * and {@link HistoricEvent#metadata()} shows (the event store only keeps them, in the metadata JSON).
 */
public final class EventMetadata {

    /** The id of the command that produced the event: stored in {@code event_log.command_id} (indexed). */
    public static final String COMMAND_ID = "commandId";
    /** Who caused the event: the authenticated principal (absent in single-user mode and for server decisions). */
    public static final String PRINCIPAL = "principal";
    /** The namespace the command was authorized in (the run's). */
    public static final String NAMESPACE = "namespace";

    private EventMetadata() {
    }
}
