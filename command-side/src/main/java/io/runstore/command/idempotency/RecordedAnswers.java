package io.runstore.command.idempotency;

import java.util.Optional;

/**
 * What the command log answers for a keyed command that was handled before. Asked only after an attempt of the
 * command failed: a new key (nearly every request) costs no read. A repeated key is answered as the first time
 * whatever its new attempt did: refused by the run as it is now, or written again and rolled back because the
 * log's primary key already held the key ({@link CommandRaceLost}).
 */
public class RecordedAnswers {

    private final CommandLog log;

    RecordedAnswers(CommandLog log) {
        this.log = log;
    }

    /**
     * The result recorded for {@code origin}'s key, or empty (an unkeyed command, or a key not recorded).
     *
     * @throws IdempotencyKeyReused when the key was recorded for a different request
     */
    public Optional<Object> of(CommandOrigin origin) {
        if (!origin.keyed()) {
            return Optional.empty();
        }
        return log.find(origin.commandId()).map(recorded -> {
            if (!recorded.fingerprint().equals(origin.fingerprint())) {
                throw new IdempotencyKeyReused(origin.commandId());
            }
            return recorded.result();
        });
    }
}
