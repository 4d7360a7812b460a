package io.runstore.security;

import io.runstore.api.ErrorCode;

/**
 * A request the caller may not make: {@link ErrorCode#UNAUTHENTICATED} (no identity, or an unknown token) or
 * {@link ErrorCode#PERMISSION_DENIED}. The message names what was refused and why, never a secret.
 */
public class AccessRefused extends RuntimeException {

    private final ErrorCode code;

    public AccessRefused(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public static AccessRefused unauthenticated(String message) {
        return new AccessRefused(ErrorCode.UNAUTHENTICATED, message);
    }

    public static AccessRefused denied(String message) {
        return new AccessRefused(ErrorCode.PERMISSION_DENIED, message);
    }

    public ErrorCode code() {
        return code;
    }
}
