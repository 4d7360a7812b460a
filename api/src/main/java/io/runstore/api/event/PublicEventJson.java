package io.runstore.api.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.runstore.events.EventJson;
import org.axonframework.serialization.UnknownSerializedType;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An event's fields as the history API shows them: the event record written as the event log writes it (RFC 3339
 * instants, absent values left out), with snake_case names, as the rest of the API. Embedded documents (a pipeline
 * spec, task inputs) are passed through unchanged. The storage's own JSON (camelCase, one revision per row) stays
 * inside the event store.
 * <p>
 * The same shape is the value of every record on runstore's Kafka topic: {@link #write(RunEventView)} writes it as
 * the history endpoint answers it, {@link #read(byte[])} reads it back for consumers.
 */
public final class PublicEventJson {

    private static final ObjectMapper JSON = EventJson.newObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** Writes {@link RunEventView} (its own annotations name the members; the payload is already a tree). */
    private static final ObjectMapper VIEW = EventJson.newObjectMapper();

    private PublicEventJson() {
    }

    public static JsonNode of(Object payload) {
        if (payload instanceof UnknownSerializedType unknown) {
            return unknown.readData(JsonNode.class);
        }
        return JSON.valueToTree(payload);
    }

    /** One event in the public shape, as UTF-8 JSON. */
    public static byte[] write(RunEventView event) {
        try {
            return VIEW.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An event written by {@link #write(RunEventView)} (a Kafka record's value), read back. */
    public static RunEventView read(byte[] json) {
        try {
            return VIEW.readValue(json, RunEventView.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Not an event in runstore's public shape: " + e.getMessage(), e);
        }
    }
}
