package io.runstore.api.event;

/**
 * runstore's Kafka topic: every record is one event of the log. Its key is the run id (so a run's events stay in one
 * partition, in order), its value the event in the public shape ({@link RunEventView}, written by
 * {@link PublicEventJson#write(RunEventView)}), its timestamp the time the event was appended, and its headers these
 * (UTF-8 strings). A record may arrive more than once (a publisher that crashed between Kafka's acknowledgement and
 * storing its position sends the last events again); the event id tells a copy from a new event.
 */
public final class EventHeaders {

    /** The event's unique id: what a consumer drops duplicates by. */
    public static final String EVENT_ID = "runstore-event-id";
    /** The event type, as in the value's {@code type} ({@code RunCreated}, {@code TaskUpdated}, ...). */
    public static final String EVENT_TYPE = "runstore-event-type";
    /** The event's position in the global log (decimal): 1, 2, 3, ... without gaps, in commit order. */
    public static final String POSITION = "runstore-position";
    /** Who caused the event, when the event's metadata names them (multi-user mode); absent otherwise. */
    public static final String PRINCIPAL = "runstore-principal";

    /** The metadata key of the event log that holds the principal the {@link #PRINCIPAL} header carries. */
    public static final String PRINCIPAL_METADATA_KEY = "principal";

    private EventHeaders() {
    }
}
