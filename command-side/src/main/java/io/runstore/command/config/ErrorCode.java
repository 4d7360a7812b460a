package io.runstore.command.config;

import org.springframework.http.HttpStatus;

/** Why a command was refused; {@link ApiErrors} maps each code to its HTTP status and gRPC code (as KFP answers). */
public enum ErrorCode {
    INVALID_ARGUMENT(HttpStatus.BAD_REQUEST, 3),
    NOT_FOUND(HttpStatus.NOT_FOUND, 5),
    ALREADY_EXISTS(HttpStatus.CONFLICT, 6),
    /** The run or task is in a state that does not allow the change (a finished run, a task going backwards). */
    FAILED_PRECONDITION(HttpStatus.CONFLICT, 9),
    /** Concurrent writers kept changing the run; the command was retried and gave up. */
    CONFLICT(HttpStatus.CONFLICT, 10),
    /** An Idempotency-Key came back with a different request than the one it was first used for. */
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_ENTITY, 3),
    PAYLOAD_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, 8),
    /** The database cannot be reached: the client should retry after a pause (Retry-After). */
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, 14),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, 13);

    final HttpStatus status;
    final int grpcCode;

    ErrorCode(HttpStatus status, int grpcCode) {
        this.status = status;
        this.grpcCode = grpcCode;
    }
}
