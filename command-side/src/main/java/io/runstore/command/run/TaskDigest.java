package io.runstore.command.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.events.EventJson;
import io.runstore.events.task.TaskDetails;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A 64-bit digest of each field of a task that the Run aggregate does not keep itself: enough to tell whether a
 * reported value is the one the task already has (a re-report writes no event) without holding the value. Equal
 * values have equal digests: a JSON object's digest does not depend on the order of its fields, a number's only on
 * its value (1.0 and 1.00 alike). Different values differ but for a chance of 2^-64 (the first 8 bytes of SHA-256).
 */
final class TaskDigest {

    /** The digest of an absent field. */
    static final long ABSENT = 0;

    /** The fields digested, in the order of the digests array. */
    enum Field {
        NAME(TaskDetails::name),
        DISPLAY_NAME(TaskDetails::displayName),
        TYPE(TaskDetails::type),
        TYPE_ATTRIBUTES(TaskDetails::typeAttributes),
        PODS(TaskDetails::pods),
        CACHE_FINGERPRINT(TaskDetails::cacheFingerprint),
        CREATE_TIME(TaskDetails::createTime),
        END_TIME(TaskDetails::endTime),
        STATUS_METADATA(TaskDetails::statusMetadata),
        INPUTS(TaskDetails::inputs),
        OUTPUTS(TaskDetails::outputs),
        CHILD_TASKS(TaskDetails::childTasks),
        // the task resource keeps the path as one dotted string: ["a.b"] and ["a", "b"] are the same path
        SCOPE_PATH(task -> task.scopePath() == null ? null : String.join(".", task.scopePath()));

        private final Function<TaskDetails, Object> value;

        Field(Function<TaskDetails, Object> value) {
            this.value = value;
        }

        Object of(TaskDetails task) {
            return value.apply(task);
        }
    }

    static final int FIELDS = Field.values().length;

    private static final ObjectMapper JSON = EventJson.newObjectMapper();
    /** One per thread: a task write digests each of its fields, and looking SHA-256 up each time showed in profiles. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(TaskDigest::sha256);

    private TaskDigest() {
    }

    /** The digest of every field of {@code task}, {@link #ABSENT} for a null field. */
    static long[] of(TaskDetails task) {
        long[] digests = new long[FIELDS];
        for (Field field : Field.values()) {
            digests[field.ordinal()] = of(field.of(task));
        }
        return digests;
    }

    /** The digest of one field's value. */
    static long of(Object value) {
        if (value == null) {
            return ABSENT;
        }
        MessageDigest sha = SHA256.get();
        sha.reset();
        if (value instanceof String text) {
            // what the JSON path does with the string's TextNode, without converting it
            tag(sha, 's', 0);
            text(sha, text);
        } else {
            update(sha, value instanceof JsonNode json ? json : JSON.valueToTree(value));
        }
        long digest = ByteBuffer.wrap(sha.digest()).getLong();
        return digest == ABSENT ? 1 : digest;
    }

    private static void update(MessageDigest sha, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    fields.add(it.next());
                }
                fields.sort(Map.Entry.comparingByKey());
                tag(sha, 'o', fields.size());
                for (Map.Entry<String, JsonNode> field : fields) {
                    text(sha, field.getKey());
                    update(sha, field.getValue());
                }
            }
            case ARRAY -> {
                tag(sha, 'a', node.size());
                node.forEach(element -> update(sha, element));
            }
            case STRING -> {
                tag(sha, 's', 0);
                text(sha, node.textValue());
            }
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    tag(sha, 'i', 0);
                    text(sha, node.bigIntegerValue().toString());
                } else {
                    tag(sha, 'f', 0);
                    text(sha, node.decimalValue().stripTrailingZeros().toPlainString());
                }
            }
            case BOOLEAN -> tag(sha, node.booleanValue() ? 't' : 'F', 0);
            case NULL, MISSING -> tag(sha, 'n', 0);
            default -> {
                // binary or POJO nodes do not come out of JSON text
                tag(sha, 'x', 0);
                text(sha, node.toString());
            }
        }
    }

    private static void tag(MessageDigest sha, char tag, int size) {
        sha.update((byte) tag);
        sha.update(ByteBuffer.allocate(4).putInt(size).array());
    }

    private static void text(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
