package io.runstore.security.web;

import io.runstore.api.ErrorCode;
import org.springframework.security.authorization.AuthorizationDecision;

/** A negative decision that says why, answered in KFP's error shape (and with Retry-After when retryable). */
final class Refusal extends AuthorizationDecision {

    private final ErrorCode code;
    private final String message;

    Refusal(ErrorCode code, String message) {
        super(false);
        this.code = code;
        this.message = message;
    }

    ErrorCode code() {
        return code;
    }

    String message() {
        return message;
    }
}
