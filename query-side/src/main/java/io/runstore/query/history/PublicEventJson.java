package io.runstore.query.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.runstore.events.EventJson;
import org.axonframework.serialization.UnknownSerializedType;

/**
 * An event's fields as the history API shows them: the event record written as the event log writes it (RFC 3339
 * instants, absent values left out), with snake_case names, as the rest of the API. Embedded documents (a pipeline
 * spec, task inputs) are passed through unchanged. The storage's own JSON (camelCase, one revision per row) stays
 * inside the event store.
 */
final class PublicEventJson {

    private static final ObjectMapper JSON = EventJson.newObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private PublicEventJson() {
    }

    static JsonNode of(Object payload) {
        if (payload instanceof UnknownSerializedType unknown) {
            return unknown.readData(JsonNode.class);
        }
        return JSON.valueToTree(payload);
    }
}
