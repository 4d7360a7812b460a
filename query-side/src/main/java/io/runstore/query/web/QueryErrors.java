package io.runstore.query.web;

import io.runstore.api.ErrorBody;
import io.runstore.api.ErrorCode;
import io.runstore.database.DatabaseFailures;
import io.runstore.security.AccessRefused;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
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

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ErrorBody> database(DataAccessException e) {
        if (DatabaseFailures.isTimeout(e)) {
            return answer(ErrorCode.DEADLINE_EXCEEDED, "the query ran longer than the statement timeout: its filter "
                    + "or sort is outside the indexed set (scope, storage_state, state EQUALS, one sort key); narrow "
                    + "the filter or the scope", null);
        }
        log.warn("Query failed", e);
        return answer(ErrorCode.UNAVAILABLE, "the database could not answer; retry after 1 s", 1);
    }

    private static ResponseEntity<ErrorBody> answer(ErrorCode code, String message, Integer retryAfterSeconds) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(code.httpStatus());
        if (retryAfterSeconds != null) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds.toString());
        }
        return builder.body(ErrorBody.of(code, message));
    }
}
