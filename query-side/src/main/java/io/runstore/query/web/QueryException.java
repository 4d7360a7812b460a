package io.runstore.query.web;

import io.runstore.api.ErrorCode;
import io.runstore.database.DatabaseFailure;
import io.runstore.database.DatabaseFailures;

import java.util.Optional;

/** A query the API refuses; the message says what is wrong and is shown to the client as is. */
public class QueryException extends RuntimeException {

    /** Seconds a client should wait before it tries again while the database cannot answer. */
    public static final int RETRY_AFTER_SECONDS = 1;

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

    /**
     * The answer to a failure of the database, whoever wrapped it (jOOQ, Spring's translation, a transaction that could
     * not start): a statement cancelled at the query timeout is DEADLINE_EXCEEDED, any other database failure
     * UNAVAILABLE with Retry-After; empty when {@code failure} did not come from the database.
     */
    public static Optional<QueryException> ofDatabase(Throwable failure) {
        DatabaseFailure kind = DatabaseFailures.classify(failure);
        if (kind == DatabaseFailure.NONE) {
            return Optional.empty();
        }
        if (kind == DatabaseFailure.TIMEOUT) {
            return Optional.of(new QueryException(ErrorCode.DEADLINE_EXCEEDED, "the query ran longer than the "
                    + "statement timeout: its filter or sort is outside the indexed set (scope, storage_state, state "
                    + "EQUALS, one sort key); narrow the filter or the scope"));
        }
        return Optional.of(new QueryException(ErrorCode.UNAVAILABLE, "the database could not answer; retry after "
                + RETRY_AFTER_SECONDS + " s", RETRY_AFTER_SECONDS));
    }

    public ErrorCode code() {
        return code;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
