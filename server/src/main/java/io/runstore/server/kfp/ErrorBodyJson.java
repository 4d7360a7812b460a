package io.runstore.server.kfp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.api.ErrorBody;

import java.nio.charset.StandardCharsets;

/** KFP's error body as bytes, for answers that are otherwise passed through as bytes. */
final class ErrorBodyJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBodyJson() {
    }

    static byte[] of(ErrorBody body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return body.message().getBytes(StandardCharsets.UTF_8);
        }
    }
}
