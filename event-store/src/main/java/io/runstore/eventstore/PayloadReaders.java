package io.runstore.eventstore;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deserializes stored payloads that no upcaster changes, as the event serializer would, without its per-event work:
 * with a {@link JacksonSerializer}, one {@link ObjectReader} per payload type, kept, reading the JSON's UTF-8 bytes
 * as the driver gave them, without a String in between (the serializer looks the class up and asks its mapper for a
 * reader for every event);
 * values typed {@link JsonNode} are read as their JSON text ({@link JsonText}), not as trees, and instants in UTC
 * without a {@code DateTimeFormatter} ({@link InstantText}). Any other serializer, a type without a class and an empty
 * type go through the serializer itself.
 */
final class PayloadReaders {

    private final Serializer serializer;
    private final ObjectMapper mapper;
    private final Map<String, ObjectReader> readers = new ConcurrentHashMap<>();

    PayloadReaders(Serializer serializer) {
        this.serializer = serializer;
        this.mapper = serializer instanceof JacksonSerializer jackson && jackson.getClass() == JacksonSerializer.class
                ? jackson.getObjectMapper().copy().registerModule(new SimpleModule("replay-json-text")
                .addDeserializer(JsonNode.class, new JsonText())
                .setDeserializerModifier(new InstantsAsText())) : null;
    }

    /** The payload of that type from its UTF-8 JSON. */
    Object read(String type, String revision, byte[] json) {
        ObjectReader reader = mapper == null || type == null ? null : readers.computeIfAbsent(type, this::readerOf);
        if (reader == null) {
            return serializer.deserialize(new SimpleSerializedObject<>(json, byte[].class, type, revision));
        }
        try {
            return reader.withAttribute(JsonText.SOURCE, json).readValue(json);
        } catch (IOException e) {
            throw new SerializationException("Error while deserializing object", e);
        }
    }

    /** Wraps the deserializer the mapper has for {@link Instant} in {@link InstantText}. */
    private static final class InstantsAsText extends BeanDeserializerModifier {

        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                      JsonDeserializer<?> deserializer) {
            return deserializer instanceof InstantDeserializer<?> && description.getBeanClass() == Instant.class
                    ? new InstantText(deserializer) : deserializer;
        }
    }

    /** The reader of the type's class; null (nothing kept) for a type without a class. */
    private ObjectReader readerOf(String type) {
        Class<?> payloadClass = serializer.classForType(new SimpleSerializedType(type, null));
        return UnknownSerializedType.class.isAssignableFrom(payloadClass) || payloadClass == Void.class ? null
                : mapper.readerFor(payloadClass);
    }
}
