package io.runstore.api;

import java.util.List;

/** KFP's error shape: {@code googleRpcStatus} ({@code code}, {@code message}, {@code details}) plus the gateway's
 * {@code error} field, which repeats the message. */
public record ErrorBody(String error, int code, String message, List<Object> details) {

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(message, code.grpcCode(), message, List.of());
    }
}
