package io.runstore.eventstore;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a JSON value into a node that holds its compact text instead of a tree: the value's tokens are copied to a
 * generator as they are parsed, which writes exactly what the tree would write ({@code toString()}, or as part of
 * a value Jackson serializes), without building the tree. The node cannot be navigated: it is for readers that
 * store JSON values whole, as a replay's projections do. A JSON null is {@link NullNode} and an absent value null, as
 * with Jackson's own node deserializer. The generator's and the text's buffers come from the factory's recycler pool,
 * as {@code ObjectMapper.writeValueAsString} takes them: fresh buffers for every value cost a small value more than
 * its tree.
 *
 * <p>An object or array read from UTF-8 bytes given as the {@link #SOURCE} attribute is skipped instead (the parser
 * only finds where it ends) and kept as its bytes' text when that text is already what the copy would write
 * ({@link CompactJson}), which is how the event serializer writes it: copying a pipeline spec token by token took a
 * replay's lanes about a third of their CPU. Any other text is read again and copied.
 */
final class JsonText extends StdDeserializer<JsonNode> {

    /** The attribute that holds the UTF-8 bytes being read, when they are bytes. */
    static final Object SOURCE = JsonText.class;

    JsonText() {
        super(JsonNode.class);
    }

    @Override
    public JsonNode deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonFactory factory = parser.getCodec().getFactory();
        if (context.getAttribute(SOURCE) instanceof byte[] source
                && (parser.hasToken(JsonToken.START_OBJECT) || parser.hasToken(JsonToken.START_ARRAY))) {
            long start = parser.currentTokenLocation().getByteOffset();
            if (start >= 0) {
                parser.skipChildren();
                int from = (int) start;
                int to = (int) parser.currentTokenLocation().getByteOffset() + 1;
                if (CompactJson.isCompact(source, from, to)) {
                    return new POJONode(new RawValue(new String(source, from, to - from, StandardCharsets.UTF_8)));
                }
                try (JsonParser again = factory.createParser(source, from, to - from)) {
                    again.nextToken();
                    return copied(factory, again);
                }
            }
        }
        return copied(factory, parser);
    }

    /** The value at the parser's token, copied to text token by token. */
    private static JsonNode copied(JsonFactory factory, JsonParser parser) throws IOException {
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
