package io.runstore.command.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.runstore.api.ErrorBody;
import io.runstore.api.ErrorCode;
import io.runstore.command.idempotency.IdempotencyKeyReused;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.database.DatabaseFailures;
import io.runstore.eventstore.EventStoreUnavailableException;
import io.runstore.security.AccessRefused;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Maps refusals of the command API to HTTP answers in the shape KFP's gateway uses:
 * {@code {"error": ..., "code": <gRPC code>, "message": ..., "details": []}}.
 */
@RestControllerAdvice(basePackages = "io.runstore.command")
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    /** Seconds a client should wait before retrying while the database is unreachable. */
    static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler(CommandRejectedException.class)
    ResponseEntity<ErrorBody> rejected(CommandRejectedException e) {
        return answer(e.code(), e.getMessage());
    }

    @ExceptionHandler(AccessRefused.class)
    ResponseEntity<ErrorBody> refused(AccessRefused e) {
        return answer(e.code(), e.getMessage());
    }

    @ExceptionHandler(IdempotencyKeyReused.class)
    ResponseEntity<ErrorBody> keyReused(IdempotencyKeyReused e) {
        return answer(ErrorCode.IDEMPOTENCY_KEY_REUSED, e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        return answer(ErrorCode.INVALID_ARGUMENT, describe(e.getMostSpecificCause()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ErrorBody> missingParameter(MissingServletRequestParameterException e) {
        return answer(ErrorCode.INVALID_ARGUMENT, e.getParameterName() + " is required");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> badParameter(MethodArgumentTypeMismatchException e) {
        return answer(ErrorCode.INVALID_ARGUMENT, e.getName() + ": invalid value '" + e.getValue() + "'");
    }

    /** An unknown run, or a deleted one: Axon finds no aggregate (or a deleted one) to handle the command. */
    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ErrorBody> notFound(AggregateNotFoundException e) {
        return answer(ErrorCode.NOT_FOUND, "run " + e.getAggregateIdentifier() + " not found");
    }

    /**
     * Whatever else went wrong: 503 with Retry-After when the event store did not write the events in time (or failed
     * their group) or the database cannot be reached, else 500.
     */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ErrorBody> failed(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EventStoreUnavailableException unavailable) {
                log.warn("Event store unavailable: {}", unavailable.toString());
                return unavailable(unavailable.getMessage() + "; retry after " + RETRY_AFTER_SECONDS + " s");
            }
        }
        if (DatabaseFailures.isUnavailable(e)) {
            log.warn("Database unavailable: {}", e.toString());
            return unavailable("the database cannot be reached; retry after " + RETRY_AFTER_SECONDS + " s");
        }
        log.error("Command failed", e);
        return answer(ErrorCode.INTERNAL, "internal error: " + e.getClass().getSimpleName());
    }

    private static ResponseEntity<ErrorBody> unavailable(String message) {
        return ResponseEntity.status(ErrorCode.UNAVAILABLE.httpStatus()).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).body(ErrorBody.of(ErrorCode.UNAVAILABLE, message));
    }

    /**
     * The error body as JSON whatever the request's Accept header says (as KFP's gateway answers): a preset content
     * type is not negotiated, so an Accept of XML, or one that is no media type, still gets the error, not an empty 406.
     */
    static ResponseEntity<ErrorBody> answer(ErrorCode code, String message) {
        return ResponseEntity.status(code.httpStatus()).contentType(MediaType.APPLICATION_JSON)
                .body(ErrorBody.of(code, message));
    }

    /** A message that names the JSON field at fault and what was wrong with it. */
    static String describe(Throwable cause) {
        if (cause instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            String allowed = Arrays.stream(invalid.getTargetType().getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", "));
            return path(invalid) + ": unknown value '" + invalid.getValue() + "', expected one of " + allowed;
        }
        if (cause instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            String expected = mismatched.getTargetType() == null ? "another type"
                    : typeName(mismatched.getTargetType());
            return path(mismatched) + ": wrong type, expected " + expected;
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return path(mapping) + ": " + mapping.getOriginalMessage();
        }
        if (cause instanceof JsonProcessingException json) {
            return "malformed JSON: " + json.getOriginalMessage();
        }
        return "request body is missing or unreadable";
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isEnum()) {
            return "an enum name";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
