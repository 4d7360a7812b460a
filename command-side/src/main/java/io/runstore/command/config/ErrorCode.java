package io.runstore.command.config;

import org.springframework.http.HttpStatus;

/** Why a command was refused; {@link ApiErrors} maps each code to its HTTP status and gRPC code (as KFP answers). */
public enum ErrorCode {
    INVALID_ARGUMENT(HttpStatus.BAD_REQUEST, 3),
    NOT_FOUND(HttpStatus.NOT_FOUND, 5),
    ALREADY_EXISTS(HttpStatus.CONFLICT, 6),
    FAILED_PRECONDITION(HttpStatus.CONFLICT, 9),
    CONFLICT(HttpStatus.CONFLICT, 10),
    PAYLOAD_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, 8),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, 14);

    final HttpStatus status;
    final int grpcCode;

    ErrorCode(HttpStatus status, int grpcCode) {
        this.status = status;
        this.grpcCode = grpcCode;
    }
}
