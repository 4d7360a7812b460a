package io.runstore.query.listing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runstore.query.web.QueryException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * Opaque page tokens: {@code base64url(payload) "." base64url(HMAC-SHA256(payload))[:16 bytes]}. The payload carries
 * the scope, filter and sort the token was made for and the keyset position; a token whose signature does not match
 * was altered (or signed with another key) and is refused. Signed with the newest of the {@link PageTokenKeys},
 * accepted when any of them matches (a rotated key stays valid for a while).
 */
public final class PageTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final PageTokenKeys keys;

    public PageTokens(byte[] secret) {
        this(() -> List.of(secret));
    }

    public PageTokens(PageTokenKeys keys) {
        this.keys = keys;
    }

    /** What a verified token says. */
    public record Token(String scope, JsonNode filter, String sort, Position position) {
    }

    public String issue(String scope, Filter filter, Sort sort, Position position) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("s", scope);
        payload.set("f", filter.source());
        payload.put("o", sort.canonical());
        payload.put("i", position.id());
        Object value = position.value();
        if (value == null) {
            payload.putNull("v");
        } else if (value instanceof String text) {
            payload.put("v", text).put("t", "s");
        } else if (value instanceof Long micros) {
            payload.put("v", micros).put("t", "l");
        } else if (value instanceof Double number) {
            payload.put("v", number).put("t", "d");
        } else {
            throw new IllegalArgumentException("Unsupported position value " + value);
        }
        byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(keys.current().get(0), bytes));
    }

    public Token read(String token) {
        int dot = token.indexOf('.');
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, Math.max(dot, 0)));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw QueryException.invalid("page_token is malformed: use the next_page_token of a previous answer");
        }
        if (dot < 0 || !signedByAny(payload, signature)) {
            throw QueryException.invalid("page_token is invalid: it was altered or not issued by this server");
        }
        try {
            JsonNode node = JSON.readTree(payload);
            JsonNode value = node.get("v");
            Object position = switch (node.path("t").asText()) {
                case "s" -> value.asText();
                case "l" -> value.asLong();
                case "d" -> value.asDouble();
                default -> null;
            };
            return new Token(node.get("s").asText(), node.get("f"), node.get("o").asText(),
                    new Position(position, node.get("i").asText()));
        } catch (IOException | RuntimeException e) {
            throw QueryException.invalid("page_token is malformed: use the next_page_token of a previous answer");
        }
    }

    private boolean signedByAny(byte[] payload, byte[] signature) {
        boolean signed = false;
        for (byte[] key : keys.current()) {
            signed |= MessageDigest.isEqual(mac(key, payload), signature);
        }
        return signed;
    }

    private static byte[] mac(byte[] key, byte[] payload) {
        return TokenSignatures.sign(key, payload, MAC_BYTES);
    }
}
