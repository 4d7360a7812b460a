package io.runstore.query.config;

import org.springframework.http.HttpStatus;

/** The refusals of the query API, each with the HTTP status and gRPC code KFP's gateway answers with. */
public enum ErrorCode {
    INVALID_ARGUMENT(HttpStatus.BAD_REQUEST, 3),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, 16),
    PERMISSION_DENIED(HttpStatus.FORBIDDEN, 7),
    NOT_FOUND(HttpStatus.NOT_FOUND, 5),
    /** Retryable: the projection has not applied a write yet, or the database cannot be reached. */
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, 14),
    /** The query ran into the statement timeout (a filter outside the indexed set over a large scope). */
    DEADLINE_EXCEEDED(HttpStatus.GATEWAY_TIMEOUT, 4);

    final HttpStatus status;
    final int grpcCode;

    ErrorCode(HttpStatus status, int grpcCode) {
        this.status = status;
        this.grpcCode = grpcCode;
    }
}
