package io.runstore.command.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.api.ErrorBody;
import io.runstore.api.ErrorCode;
import io.runstore.command.config.CommandSideProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Reads the body of every write request of the API once, refusing one over {@code runstore.command.max-request-size}
 * (default 8 MiB) with a 413 before anything is parsed, and hands the rest of the chain a {@link BufferedRequest}.
 */
@Component
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final long limit;
    private final ObjectMapper json;

    RequestBodyLimitFilter(CommandSideProperties properties, ObjectMapper json) {
        this.limit = properties.command().maxRequestSize().toBytes();
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !WRITES.contains(request.getMethod()) || !request.getRequestURI().startsWith("/apis/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getContentLengthLong() > limit ? null : readUpToLimit(request.getInputStream());
        if (body == null) {
            refuse(response);
            return;
        }
        chain.doFilter(new BufferedRequest(request, body), response);
    }

    /** The whole body, or null when it is longer than the limit. */
    private byte[] readUpToLimit(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            total += read;
            if (total > limit) {
                return null;
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private void refuse(HttpServletResponse response) throws IOException {
        ResponseEntity<ErrorBody> answer = ApiErrors.answer(ErrorCode.PAYLOAD_TOO_LARGE,
                "request body is larger than the limit of " + limit + " bytes");
        response.setStatus(answer.getStatusCode().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), answer.getBody());
    }
}
