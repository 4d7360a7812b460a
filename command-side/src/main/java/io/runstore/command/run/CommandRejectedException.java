package io.runstore.command.run;

import io.runstore.api.ErrorCode;

/** A command refused by a rule or by validation, before any event was written. */
public class CommandRejectedException extends RuntimeException {

    private final ErrorCode code;

    public CommandRejectedException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static CommandRejectedException invalidArgument(String message) {
        return new CommandRejectedException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public static CommandRejectedException notFound(String message) {
        return new CommandRejectedException(ErrorCode.NOT_FOUND, message);
    }

    /** The run's state does not allow the operation, answered as KFP does (a retry of a run that did not fail). */
    public static CommandRejectedException aborted(String message) {
        return new CommandRejectedException(ErrorCode.ABORTED, message);
    }

    /** The run or task is not in a state that allows the change; the message names the current state. */
    public static CommandRejectedException failedPrecondition(String message) {
        return new CommandRejectedException(ErrorCode.FAILED_PRECONDITION, message);
    }
}
