package io.runstore.command.idempotency;

/**
 * Another request with the same Idempotency-Key committed first: this attempt was rolled back, and sending the
 * command again returns the winner's result from the command log.
 */
public class CommandRaceLost extends RuntimeException {

    CommandRaceLost(String commandId, Throwable cause) {
        super("command " + commandId + " was recorded by a concurrent attempt", cause);
    }
}
