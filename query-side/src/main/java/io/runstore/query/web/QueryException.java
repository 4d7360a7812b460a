package io.runstore.query.web;

import io.runstore.api.ErrorCode;

/** A query the API refuses; the message says what is wrong and is shown to the client as is. */
public class QueryException extends RuntimeException {

    private final ErrorCode code;
    private final Integer retryAfterSeconds;

    public QueryException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public QueryException(ErrorCode code, String message, Integer retryAfterSeconds) {
        super(message);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static QueryException invalid(String message) {
        return new QueryException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public ErrorCode code() {
        return code;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
