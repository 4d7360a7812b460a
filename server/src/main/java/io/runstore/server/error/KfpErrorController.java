package io.runstore.server.error;

import io.runstore.api.ErrorBody;
import io.runstore.api.ErrorCode;
import io.runstore.database.DatabaseFailures;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * What answers when no controller did (an unknown route, a known route with another method, an exception outside the
 * controllers' advice): KFP's error body instead of Spring's {@code {timestamp, status, error, path}}. A wrong method
 * is 501 UNIMPLEMENTED (code 12), as KFP's gateway answers it; a database failure that trying again may cure (one that
 * escaped a filter before any controller, say) is 503 UNAVAILABLE with Retry-After.
 */
@RestController
class KfpErrorController implements ErrorController {

    /** Seconds a client should wait before it tries again when the database could not answer. */
    static final int RETRY_AFTER_SECONDS = 1;

    /** Any Accept: the answer is JSON (its content type is set, not negotiated), as KFP's gateway answers. */
    @RequestMapping(path = "${server.error.path:${error.path:/error}}")
    ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        Object attribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = attribute instanceof Integer code ? code : 500;
        String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DatabaseFailures.isTransient(failure)) {
            String message = "the database cannot answer; retry after " + RETRY_AFTER_SECONDS + " s";
            return ResponseEntity.status(ErrorCode.UNAVAILABLE.httpStatus()).contentType(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS))
                    .body(ErrorBody.of(ErrorCode.UNAVAILABLE, message));
        }
        ErrorCode code = codeOf(status);
        String message = switch (status) {
            case 404 -> "no such API: " + path;
            case 405 -> "method not allowed on " + path;
            default -> code == ErrorCode.INTERNAL ? "internal error" : HttpStatus.valueOf(status).getReasonPhrase();
        };
        int answered = status == 405 ? ErrorCode.UNIMPLEMENTED.httpStatus() : status;
        int grpcCode = code == null ? 2 : code.grpcCode();
        return ResponseEntity.status(answered).contentType(MediaType.APPLICATION_JSON)
                .body(new ErrorBody(message, grpcCode, message, List.of()));
    }

    /** The gRPC code KFP's gateway pairs with an HTTP status; null where it has none (answered as UNKNOWN, 2). */
    static ErrorCode codeOf(int status) {
        return switch (status) {
            case 400, 415 -> ErrorCode.INVALID_ARGUMENT;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.PERMISSION_DENIED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405, 501 -> ErrorCode.UNIMPLEMENTED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 503 -> ErrorCode.UNAVAILABLE;
            case 504 -> ErrorCode.DEADLINE_EXCEEDED;
            case 500 -> ErrorCode.INTERNAL;
            default -> status >= 500 ? ErrorCode.INTERNAL : null;
        };
    }
}
