package io.runstore.security.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.api.ErrorBody;
import io.runstore.api.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;

/**
 * The chain's refusals in KFP's error shape: 401 with code 16 (UNAUTHENTICATED), 403 with code 7
 * (PERMISSION_DENIED), 503 with code 14 and Retry-After when the run's namespace could not be looked up.
 */
public final class KfpErrorAnswers {

    static final String RETRY_AFTER_SECONDS = "1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KfpErrorAnswers() {
    }

    public static AuthenticationEntryPoint entryPoint(String howToAuthenticate) {
        return (request, response, e) -> write(response, ErrorCode.UNAUTHENTICATED,
                "authentication required: " + howToAuthenticate);
    }

    public static AccessDeniedHandler accessDenied() {
        return (request, response, e) -> {
            if (e instanceof AuthorizationDeniedException denied
                    && denied.getAuthorizationResult() instanceof Refusal refusal) {
                write(response, refusal.code(), refusal.message());
            } else {
                write(response, ErrorCode.PERMISSION_DENIED, "permission denied");
            }
        };
    }

    static void write(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        response.setStatus(code.httpStatus());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        if (code == ErrorCode.UNAVAILABLE) {
            response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        JSON.writeValue(response.getOutputStream(), ErrorBody.of(code, message));
    }
}
