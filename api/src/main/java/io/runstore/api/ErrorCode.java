package io.runstore.api;

/**
 * Why the API refused a request, with the HTTP status and the gRPC code KFP's gateway answers with (the {@code code}
 * of {@link ErrorBody}). One list for the command and the query API.
 */
public enum ErrorCode {
    INVALID_ARGUMENT(400, 3),
    UNAUTHENTICATED(401, 16),
    PERMISSION_DENIED(403, 7),
    NOT_FOUND(404, 5),
    ALREADY_EXISTS(409, 6),
    /**
     * The run or task is in a state that does not allow the change (a finished run, a task going backwards): HTTP 400
     * as grpc-gateway maps code 9, which KFP's clients assume.
     */
    FAILED_PRECONDITION(400, 9),
    /** Concurrent writers kept changing the run; the command was retried and gave up. */
    CONFLICT(409, 10),
    /** KFP's answer to a retry of a run that did not fail: ABORTED. */
    ABORTED(409, 10),
    /** A route the server has but not for this HTTP method: gRPC-gateway's UNIMPLEMENTED. */
    UNIMPLEMENTED(501, 12),
    /** An Idempotency-Key came back with a different request than the one it was first used for. */
    IDEMPOTENCY_KEY_REUSED(422, 3),
    PAYLOAD_TOO_LARGE(413, 8),
    /** Retryable: the database cannot be reached, or the projection has not applied a write yet (Retry-After). */
    UNAVAILABLE(503, 14),
    /** The query ran into the statement timeout (a filter outside the indexed set over a large scope). */
    DEADLINE_EXCEEDED(504, 4),
    INTERNAL(500, 13);

    private final int httpStatus;
    private final int grpcCode;

    ErrorCode(int httpStatus, int grpcCode) {
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int grpcCode() {
        return grpcCode;
    }
}
