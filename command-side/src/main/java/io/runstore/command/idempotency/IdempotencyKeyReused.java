package io.runstore.command.idempotency;

/** An Idempotency-Key came back with a different request than the one it was first used for: nothing was written. */
public class IdempotencyKeyReused extends RuntimeException {

    IdempotencyKeyReused(String commandId) {
        super("Idempotency-Key '" + commandId + "' was already used for a different request", null, false, false);
    }
}
