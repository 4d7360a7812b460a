package io.runstore.command.idempotency;

import io.runstore.eventstore.EventMetadata;
import org.axonframework.messaging.MetaData;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Where a command came from: its id (the client's Idempotency-Key, scoped to the caller, or a fresh UUID), for a
 * keyed request the fingerprint of the request (a hash of method, path and body), and who sent it: the principal and
 * the namespace it was authorized in, which every event the command produces records. Only a keyed command is logged
 * for retries: an id no client knows can never be retried.
 *
 * @param principal null for a command no caller sent (an import, a server-side decision)
 * @param namespace null until known (a CreateRun learns it from its experiment)
 */
public record CommandOrigin(String commandId, String fingerprint, String principal, String namespace) {

    public CommandOrigin(String commandId, String fingerprint) {
        this(commandId, fingerprint, null, null);
    }

    public static CommandOrigin fresh() {
        return new CommandOrigin(UUID.randomUUID().toString(), null);
    }

    /** A fresh, unkeyed command sent on behalf of the same caller (a run archived with its experiment). */
    public CommandOrigin derived() {
        return new CommandOrigin(UUID.randomUUID().toString(), null, principal, namespace);
    }

    /** The same origin, authorized in this namespace. */
    public CommandOrigin in(String namespace) {
        return new CommandOrigin(commandId, fingerprint, principal, namespace);
    }

    public boolean keyed() {
        return fingerprint != null;
    }

    public MetaData metaData() {
        Map<String, Object> metaData = new HashMap<>();
        metaData.put(CommandMetadata.COMMAND_ID, commandId);
        if (keyed()) {
            metaData.put(CommandMetadata.REQUEST_FINGERPRINT, fingerprint);
        }
        if (principal != null) {
            metaData.put(EventMetadata.PRINCIPAL, principal);
        }
        if (namespace != null) {
            metaData.put(EventMetadata.NAMESPACE, namespace);
        }
        return MetaData.from(metaData);
    }
}
