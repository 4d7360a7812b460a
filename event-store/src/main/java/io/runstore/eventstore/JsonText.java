package io.runstore.eventstore;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;

import java.io.IOException;

/**
 * Reads a JSON value into a node that holds its compact text instead of a tree: the value's tokens are copied to a
 * generator as they are parsed, which writes exactly what the tree would write ({@code toString()}, or as part of
 * a value Jackson serializes), without building the tree. The node cannot be navigated: it is for readers that
 * store JSON values whole, as a replay's projections do. A JSON null is {@link NullNode} and an absent value null, as
 * with Jackson's own node deserializer. The generator's and the text's buffers come from the factory's recycler pool,
 * as {@code ObjectMapper.writeValueAsString} takes them: fresh buffers for every value cost a small value more than
 * its tree.
 */
final class JsonText extends StdDeserializer<JsonNode> {

    JsonText() {
        super(JsonNode.class);
    }

    @Override
    public JsonNode deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonFactory factory = parser.getCodec().getFactory();
        BufferRecycler recycler = factory._getBufferRecycler();
        try (SegmentedStringWriter text = new SegmentedStringWriter(recycler)) {
            try (JsonGenerator generator = factory.createGenerator(text)) {
                generator.copyCurrentStructure(parser);
            }
            return new POJONode(new RawValue(text.getAndClear()));
        } finally {
            recycler.releaseToPool();
        }
    }

    @Override
    public JsonNode getNullValue(DeserializationContext context) {
        return NullNode.getInstance();
    }

    /** An absent value is null, not a JSON null (as Jackson's own node deserializer has it). */
    @Override
    public Object getAbsentValue(DeserializationContext context) {
        return null;
    }
}
