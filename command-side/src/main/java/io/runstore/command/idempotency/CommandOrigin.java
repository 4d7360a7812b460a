package io.runstore.command.idempotency;

import org.axonframework.messaging.MetaData;

/**
 * Where a command came from: its id (the client's Idempotency-Key, or a fresh UUID) and, for a keyed request, the
 * fingerprint of the request (a hash of method, path and body). Only a keyed command is logged for retries: an id
 * no client knows can never be retried.
 */
public record CommandOrigin(String commandId, String fingerprint) {

    public static CommandOrigin fresh() {
        return new CommandOrigin(java.util.UUID.randomUUID().toString(), null);
    }

    public boolean keyed() {
        return fingerprint != null;
    }

    public MetaData metaData() {
        MetaData metaData = MetaData.with(CommandMetadata.COMMAND_ID, commandId);
        return keyed() ? metaData.and(CommandMetadata.REQUEST_FINGERPRINT, fingerprint) : metaData;
    }
}
