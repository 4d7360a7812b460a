package io.runstore.query.web;

import io.runstore.api.ErrorBody;
import io.runstore.api.ErrorCode;
import io.runstore.security.AccessRefused;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;


/**
 * Maps refusals of the query API to KFP's error shape: {@code {"error", "code": <gRPC code>, "message", "details"}}.
 */
@RestControllerAdvice(basePackages = "io.runstore.query")
class QueryErrors {

    private static final Logger log = LoggerFactory.getLogger(QueryErrors.class);

    @ExceptionHandler(QueryException.class)
    ResponseEntity<ErrorBody> refused(QueryException e) {
        return answer(e.code(), e.getMessage(), e.retryAfterSeconds());
    }

    @ExceptionHandler(AccessRefused.class)
    ResponseEntity<ErrorBody> refused(AccessRefused e) {
        return answer(e.code(), e.getMessage(), null);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> badParameter(MethodArgumentTypeMismatchException e) {
        return answer(ErrorCode.INVALID_ARGUMENT, e.getName() + ": invalid value '" + e.getValue() + "'", null);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        return answer(ErrorCode.INVALID_ARGUMENT, "malformed JSON request body: "
                + e.getMostSpecificCause().getMessage(), null);
    }

    /**
     * A failure of the database, as jOOQ throws it, as Spring's translation (Boot's jOOQ exception listener) throws it,
     * or a transaction that could not start for want of a connection: 504 at the statement timeout, else 503 with
     * Retry-After (whatever the database answered, trying again may succeed).
     */
    @ExceptionHandler({DataAccessException.class, org.springframework.dao.DataAccessException.class,
            TransactionException.class})
    ResponseEntity<ErrorBody> database(RuntimeException e) {
        QueryException answer = QueryException.ofDatabase(e).orElseGet(() -> new QueryException(ErrorCode.UNAVAILABLE,
                "the database could not answer; retry after " + QueryException.RETRY_AFTER_SECONDS + " s",
                QueryException.RETRY_AFTER_SECONDS));
        if (answer.code() == ErrorCode.UNAVAILABLE) {
            log.warn("Query failed: {}", e.toString());
        }
        return refused(answer);
    }

    private static ResponseEntity<ErrorBody> answer(ErrorCode code, String message, Integer retryAfterSeconds) {
        // JSON whatever the Accept header says (a preset content type is not negotiated), as KFP's gateway answers
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(code.httpStatus())
                .contentType(MediaType.APPLICATION_JSON);
        if (retryAfterSeconds != null) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds.toString());
        }
        return builder.body(ErrorBody.of(code, message));
    }
}
