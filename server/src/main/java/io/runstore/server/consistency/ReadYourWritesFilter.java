package io.runstore.server.consistency;

import io.runstore.api.ConsistencyToken;
import io.runstore.query.consistency.ConsistencyWait;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-your-writes by default: a write answers only once the projection has applied its last event (the one its
 * {@value ConsistencyToken#HEADER} answer header names), at most {@code limit} later, so that a client which sends no
 * token (KFP's UI and SDK) finds what it wrote on its next read, as with KFP. A client that reads with the token sends
 * {@value #HEADER}{@code : token} and is answered at once. A write whose events are not visible within the limit is
 * answered anyway: it is written, and its token still makes a read wait for it.
 */
public final class ReadYourWritesFilter extends OncePerRequestFilter {

    /** Request header: {@code token} answers the write without waiting. */
    public static final String HEADER = "Runstore-Consistency";
    private static final Logger log = LoggerFactory.getLogger(ReadYourWritesFilter.class);

    private final ConsistencyWait wait;
    private final Duration limit;

    public ReadYourWritesFilter(ConsistencyWait wait, Duration limit) {
        this.wait = wait;
        this.limit = limit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                || "token".equalsIgnoreCase(request.getHeader(HEADER));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, held);
            String token = held.getHeader(ConsistencyToken.HEADER);
            if (token != null && held.getStatus() < 300) {
                List<ConsistencyToken> writes = new ArrayList<>();
                writes.add(ConsistencyToken.parse(token));
                if (request.getAttribute(ConsistencyToken.MORE_WRITES) instanceof List<?> more) {
                    more.forEach(write -> writes.add((ConsistencyToken) write));
                }
                long deadline = System.nanoTime() + limit.toNanos();
                for (ConsistencyToken write : writes) {
                    Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                    if (!wait.reached(write, left)) {
                        log.debug("Write {} not visible to reads after {} ms; answered anyway", write, limit.toMillis());
                        break;
                    }
                }
            }
        } finally {
            held.copyBodyToResponse();
        }
    }
}
