package io.runstore.command.config;

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
}
