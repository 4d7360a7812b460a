package io.runstore.server.input;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.api.ErrorBody;
import io.runstore.api.ErrorCode;
import io.runstore.api.StorableValues;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The path and the query parameters of every API request, checked before the security chain (which looks up the
 * namespace of the run a path names) and before any controller: percent-encoded text must be valid UTF-8 and free of
 * what the databases cannot compare or store (NUL; see {@link StorableValues}), and the id after {@code runs/},
 * {@code tasks/} or {@code experiments/} must be in the id alphabet, so that {@code /runs/<id>%20} (which MariaDB's
 * PAD SPACE collation would match to run {@code <id>}) addresses no run. Else 400 in KFP's shape naming the
 * parameter or the id.
 */
@Component
class RequestTextFilter extends OncePerRequestFilter implements Ordered {

    /** Path segments whose next segment is an id, and the id's name in KFP's API. */
    private static final Map<String, String> ID_AFTER = Map.of(
            "runs", "run_id", "tasks", "task_id", "experiments", "experiment_id");
    private static final Set<String> API_VERSIONS = Set.of("v1beta1", "v2beta1");

    private final ObjectMapper json;

    RequestTextFilter(ObjectMapper json) {
        this.json = json;
    }

    /** Before the security chain, after the character encoding filter. */
    @Override
    public int getOrder() {
        return SecurityProperties.DEFAULT_FILTER_ORDER - 50;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/apis/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String problem = pathProblem(request.getRequestURI().substring(request.getContextPath().length()));
        if (problem == null) {
            problem = queryProblem(request.getQueryString());
        }
        if (problem != null) {
            response.setStatus(ErrorCode.INVALID_ARGUMENT.httpStatus());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), ErrorBody.of(ErrorCode.INVALID_ARGUMENT, problem));
            return;
        }
        chain.doFilter(request, response);
    }

    /** What is wrong with the raw path ({@code /apis/v2beta1/runs/abc:archive}), or null. */
    static String pathProblem(String rawPath) {
        String[] segments = rawPath.split("/", -1);
        boolean api = segments.length > 2 && API_VERSIONS.contains(segments[2]);
        for (int i = 0; i < segments.length; i++) {
            String segment = decoded(segments[i], false);
            if (segment == null) {
                return "path: '" + segments[i] + "' is not valid percent-encoded UTF-8";
            }
            String idName = api && i > 3 ? ID_AFTER.get(segments[i - 1]) : null;
            if (idName != null) {
                int colon = segment.indexOf(':');
                String idProblem = StorableValues.idProblem(colon < 0 ? segment : segment.substring(0, colon));
                if (idProblem != null) {
                    return idName + ": " + idProblem;
                }
            }
            String problem = StorableValues.textProblem(segment);
            if (problem != null) {
                return "path: segment " + i + " " + problem;
            }
        }
        return null;
    }

    /** What is wrong with the raw query string, named by its parameter, or null. */
    static String queryProblem(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decoded(equals < 0 ? pair : pair.substring(0, equals), true);
            String value = equals < 0 ? "" : decoded(pair.substring(equals + 1), true);
            if (name == null || StorableValues.textProblem(name) != null) {
                return "query parameter '" + pair.substring(0, equals < 0 ? pair.length() : equals).replace("%00", "")
                        + "': the name is not valid percent-encoded UTF-8 text";
            }
            if (value == null) {
                return name + ": not valid percent-encoded UTF-8";
            }
            String problem = StorableValues.textProblem(value);
            if (problem != null) {
                return name + ": " + problem;
            }
        }
        return null;
    }

    /** Percent-decoded as strict UTF-8 ({@code +} as a space in a query), or null when it is not valid. */
    private static String decoded(String raw, boolean query) {
        if (raw.indexOf('%') < 0 && !(query && raw.indexOf('+') >= 0)) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+' && query) {
                bytes.write(' ');
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
