package io.runstore.command.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.runstore.api.ErrorBody;
import io.runstore.api.ErrorCode;
import io.runstore.api.StorableValues;
import io.runstore.command.config.CommandSideProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Reads the body of every write request of the API once and checks it before anything else sees it:
 * <ul>
 *     <li>over {@code runstore.command.max-request-size} (default 8 MiB): 413. The rest of the body is read and
 *     dropped first, up to four times the limit (at least 64 MiB), so that a client that writes its whole body before it reads sees the
 *     413 instead of a broken pipe;</li>
 *     <li>a JSON body (or one sent as {@code *}{@code /*} or {@code application/*}, which KFP's gateway reads as JSON
 *     too, and so does the rest of the chain: the wildcard is answered as {@code application/json}) must be valid
 *     UTF-8 (an overlong form or an encoded surrogate is refused, not replaced), one JSON document without
 *     repeated field names, and hold no text the databases cannot store ({@link StorableValues}: NUL, lone
 *     surrogates): else 400 naming the field.</li>
 * </ul>
 * The rest of the chain gets a {@link BufferedRequest}.
 */
@Component
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /**
     * Before a 413 the rest of the body is read and dropped up to this many times the limit, at least
     * {@link #MIN_DRAIN} bytes, so that the client sees the answer.
     */
    private static final int DRAIN_FACTOR = 4;
    private static final long MIN_DRAIN = 64L * 1024 * 1024;
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

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
        InputStream in = request.getInputStream();
        byte[] body = request.getContentLengthLong() > limit ? null : readUpToLimit(in);
        if (body == null) {
            drain(in);
            response.setHeader(HttpHeaders.CONNECTION, "close");
            refuse(response, ErrorCode.PAYLOAD_TOO_LARGE, "request body is larger than the limit of " + limit
                    + " bytes");
            return;
        }
        String contentType = request.getContentType();
        boolean asJson = false;
        try {
            MediaType type = contentType == null ? null : MediaType.parseMediaType(contentType);
            if (type != null && type.isWildcardSubtype()
                    && (type.isWildcardType() || type.getType().equals("application"))) {
                contentType = MediaType.APPLICATION_JSON_VALUE;
                asJson = true;
            } else {
                asJson = type != null && (MediaType.APPLICATION_JSON.isCompatibleWith(type)
                        || type.getSubtype().endsWith("+json"));
            }
        } catch (InvalidMediaTypeException e) {
            refuse(response, ErrorCode.INVALID_ARGUMENT, "Content-Type: '" + contentType + "' is not a media type");
            return;
        }
        String problem = asJson && body.length > 0 ? jsonProblem(body) : null;
        if (problem != null) {
            refuse(response, ErrorCode.INVALID_ARGUMENT, problem);
            return;
        }
        chain.doFilter(new BufferedRequest(request, body, contentType), response);
    }

    /** Why the body is not one storable JSON document in UTF-8, or null. */
    static String jsonProblem(byte[] body) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(body);
        CharBuffer chars = CharBuffer.allocate(8 * 1024);
        for (CoderResult result = utf8.decode(bytes, chars, true); ; result = utf8.decode(bytes, chars, true)) {
            if (result.isError()) {
                return "request body: not valid UTF-8 (byte 0x" + Integer.toHexString(body[bytes.position()] & 0xFF)
                        + " at offset " + bytes.position() + ")";
            }
            if (!result.isOverflow()) {
                break;
            }
            chars.clear();
        }
        JsonNode tree;
        try {
            tree = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            return ApiErrors.describe(e);
        } catch (IOException e) {
            return "request body: unreadable";
        }
        return StorableValues.jsonProblem(tree, "");
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

    /** Reads and drops what is left of the body, up to {@link #DRAIN_FACTOR} times the limit or {@link #MIN_DRAIN}. */
    private void drain(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        long bound = Math.max(DRAIN_FACTOR * limit, MIN_DRAIN);
        try {
            for (long total = 0; total < bound; ) {
                int read = in.read(buffer);
                if (read < 0) {
                    return;
                }
                total += read;
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private void refuse(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        ResponseEntity<ErrorBody> answer = ApiErrors.answer(code, message);
        response.setStatus(answer.getStatusCode().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), answer.getBody());
    }
}
