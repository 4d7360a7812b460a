package io.runstore.command.idempotency;

import io.runstore.eventstore.EventMetadata;

/** Metadata keys every command carries; the event store copies them onto the events a command produces. */
public final class CommandMetadata {

    /** The id of the command: the client's Idempotency-Key, or a fresh UUID. Stored with the events it produced. */
    public static final String COMMAND_ID = EventMetadata.COMMAND_ID;

    /** A hash of the request the command came from; a retry with the same command id must carry the same one. */
    public static final String REQUEST_FINGERPRINT = "requestFingerprint";

    private CommandMetadata() {
    }
}
