package io.runstore.server.input;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.api.ErrorBody;
import io.runstore.api.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Media types of every request, before the security chain. KFP's API ({@code /apis/}) answers JSON whatever the Accept
 * header asks, as KFP's gateway does, so that a write is never done and then answered 406 because the client asked
 * for HTML (a pattern as its Content-Type is read as JSON there, see the command side's body limit). Elsewhere
 * (actuator, ML Metadata) a Content-Type that is a pattern ({@code application/*}) is 400 in KFP's shape: Spring's
 * readers fail on it with an exception, a 500.
 */
@Component
class MediaTypesFilter extends OncePerRequestFilter implements Ordered {

    private final ObjectMapper json;

    MediaTypesFilter(ObjectMapper json) {
        this.json = json;
    }

    /** Before the security chain and the request text checks. */
    @Override
    public int getOrder() {
        return SecurityProperties.DEFAULT_FILTER_ORDER - 60;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean api = request.getRequestURI().startsWith(request.getContextPath() + "/apis/");
        String contentType = request.getContentType();
        if (!api && contentType != null && isPattern(contentType)) {
            response.setStatus(ErrorCode.INVALID_ARGUMENT.httpStatus());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), ErrorBody.of(ErrorCode.INVALID_ARGUMENT,
                    "content type '" + contentType + "' is a pattern, not a media type"));
            return;
        }
        chain.doFilter(api ? new AnswerAsJson(request) : request, response);
    }

    private static boolean isPattern(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false; // not a media type at all: the body readers refuse it with 415
        }
    }

    /** The request as if it asked for JSON. */
    private static final class AnswerAsJson extends HttpServletRequestWrapper {

        AnswerAsJson(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? MediaType.APPLICATION_JSON_VALUE : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(MediaType.APPLICATION_JSON_VALUE))
                    : super.getHeaders(name);
        }
    }
}
