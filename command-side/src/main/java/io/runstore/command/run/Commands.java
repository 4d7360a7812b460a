package io.runstore.command.run;

import io.runstore.api.ErrorCode;
import io.runstore.command.idempotency.CommandOrigin;
import io.runstore.command.idempotency.CommandRaceLost;
import io.runstore.command.idempotency.RecordedAnswers;
import org.axonframework.commandhandling.gateway.CommandGateway;
import io.runstore.database.DatabaseFailure;
import io.runstore.database.DatabaseFailures;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends a command on the command bus and waits for its result. A command that lost a race (another process appended
 * to the run first, a deadlock, a retry with the same Idempotency-Key committed first) is sent again, up to
 * {@code runstore.command.max-attempts} times: the next attempt loads the run as it is now, or finds the logged result.
 * An append that collides with another writer's event surfaces as Axon's ConcurrencyException, or, from an engine
 * whose exception resolver does not know the driver's batch exception, as the duplicate key itself, or as a deadlock:
 * {@link DatabaseFailures} tells those.
 * <p>
 * A keyed command whose attempt was refused, lost a race or found its run gone is answered from the command log when
 * its key was recorded before ({@link RecordedAnswers}): the log is read only then, not before every command.
 */
public class Commands {

    private final CommandGateway gateway;
    private final RecordedAnswers recorded;
    private final int maxAttempts;

    public Commands(CommandGateway gateway, RecordedAnswers recorded, int maxAttempts) {
        this.gateway = gateway;
        this.recorded = recorded;
        this.maxAttempts = maxAttempts;
    }

    /** Sends the command once every value in it is one the stores can hold (else 400, nothing sent). */
    public <R extends Written> R send(Object command, CommandOrigin origin) {
        StorableCommands.check(command);
        for (int attempt = 1; ; attempt++) {
            try {
                return gateway.sendAndWait(command, origin.metaData());
            } catch (RuntimeException e) {
                boolean lost = lostARace(e);
                if (origin.keyed() && (lost || refused(e))) {
                    Optional<R> answer = recordedAnswer(origin);
                    if (answer.isPresent()) {
                        return answer.get();
                    }
                }
                if (!lost) {
                    throw e;
                }
                if (attempt >= maxAttempts) {
                    throw new CommandRejectedException(ErrorCode.CONFLICT, "the run was changed concurrently "
                            + attempt + " times while this request was handled; send it again");
                }
                pause(attempt);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <R extends Written> Optional<R> recordedAnswer(CommandOrigin origin) {
        return recorded.of(origin).map(result -> (R) result);
    }

    /** Refused by the run (or the run is gone): what a repeat of a request answered before may meet. */
    private static boolean refused(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CommandRejectedException || cause instanceof AggregateNotFoundException) {
                return true;
            }
        }
        return false;
    }

    private static boolean lostARace(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException || cause instanceof CommandRaceLost) {
                return true;
            }
        }
        DatabaseFailure failure = DatabaseFailures.classify(e);
        return failure == DatabaseFailure.DUPLICATE_KEY || failure == DatabaseFailure.CONCURRENCY;
    }

    /** A short, growing, jittered pause so that racing writers do not collide again in step. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * attempt + 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a command", e);
        }
    }
}
