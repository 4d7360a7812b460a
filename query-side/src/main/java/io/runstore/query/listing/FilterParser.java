package io.runstore.query.listing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.runstore.api.StorableValues;
import io.runstore.query.web.QueryException;
import io.runstore.readtables.EpochMicros;
import io.runstore.readtables.NameKey;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Parses KFP's filter JSON ({@code {"predicates": [{"key", "operation", "<kind>_value(s)"}]}}) against the keys of one
 * list API, checking every key, operation and value type, so only typed values ever reach SQL (as bind values).
 * Accepts the legacy camelCase value keys ({@code stringValue}), and for IN both {@code {"values": [..]}} and a bare
 * array. Timestamp keys take {@code timestamp_value} (RFC 3339) or {@code int_value}/{@code long_value} as epoch
 * seconds, as KFP compares them.
 */
public final class FilterParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CAMEL_CASE = Map.of(
            "stringValue", "string_value", "intValue", "int_value", "longValue", "long_value",
            "timestampValue", "timestamp_value", "stringValues", "string_values", "intValues", "int_values",
            "longValues", "long_values");

    private FilterParser() {
    }

    /** The empty filter for a null or blank parameter. */
    public static Filter parse(String json, Columns columns) {
        if (json == null || json.isBlank()) {
            return new Filter(List.of(), NullNode.getInstance());
        }
        JsonNode root;
        try {
            root = JSON.readTree(decodedOnceMore(json.strip()));
        } catch (JsonProcessingException e) {
            throw QueryException.invalid("filter: malformed JSON: " + e.getOriginalMessage());
        }
        return parse(root, columns);
    }

    /**
     * KFP's UI percent-encodes the filter JSON and its generated client encodes the parameter again; KFP's API server
     * decodes it once more ({@code url.QueryUnescape}). A value that is still percent-encoded JSON after the servlet's
     * decoding ({@code %7B...}) is decoded once more here; JSON as the SDK sends it (once encoded) starts with
     * {@code {} and is taken as it is, so its {@code %} and {@code +} stay what they are.
     */
    static String decodedOnceMore(String value) {
        if (value.startsWith("{") || !value.regionMatches(true, 0, "%7B", 0, 3)) {
            return value;
        }
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw QueryException.invalid("filter: percent-encoded JSON with a malformed escape: " + e.getMessage());
        }
    }

    public static Filter parse(JsonNode root, Columns columns) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            return new Filter(List.of(), NullNode.getInstance());
        }
        if (!root.isObject()) {
            throw QueryException.invalid("filter: expected a JSON object with \"predicates\"");
        }
        List<Predicate> predicates = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("predicates")) {
                throw QueryException.invalid("filter: unknown field '" + name + "', expected \"predicates\"");
            }
        }
        JsonNode list = root.path("predicates");
        if (!list.isMissingNode() && !list.isNull()) {
            if (!list.isArray()) {
                throw QueryException.invalid("filter: \"predicates\" must be an array");
            }
            for (int i = 0; i < list.size(); i++) {
                predicates.add(predicate(list.get(i), columns, "filter.predicates[" + i + "]"));
            }
        }
        return new Filter(List.copyOf(predicates), root);
    }

    private static Predicate predicate(JsonNode node, Columns columns, String at) {
        if (!node.isObject()) {
            throw QueryException.invalid(at + ": expected an object with key, operation and a value");
        }
        String key = null;
        String operationName = null;
        String valueKind = null;
        JsonNode value = null;
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = CAMEL_CASE.getOrDefault(field.getKey(), field.getKey());
            switch (name) {
                case "key" -> key = text(field.getValue(), at + ".key");
                case "operation" -> operationName = text(field.getValue(), at + ".operation");
                case "string_value", "int_value", "long_value", "timestamp_value", "string_values", "int_values",
                     "long_values" -> {
                    if (valueKind != null) {
                        throw QueryException.invalid(at + ": has both " + valueKind + " and " + name
                                + "; a predicate takes one value");
                    }
                    valueKind = name;
                    value = field.getValue();
                }
                default -> throw QueryException.invalid(at + ": unknown field '" + field.getKey() + "'");
            }
        }
        if (key == null || key.isEmpty()) {
            throw QueryException.invalid(at + ": key is required");
        }
        String finalKey = key;
        Column column = columns.find(key).orElseThrow(() -> QueryException.invalid(
                at + ": unknown key '" + finalKey + "'; valid keys: " + columns.keys()));
        Operation operation = operation(operationName, at);
        if (valueKind == null) {
            throw QueryException.invalid(at + ": a value is required (string_value, int_value, long_value, "
                    + "timestamp_value, or for IN string_values, int_values, long_values)");
        }
        boolean array = valueKind.endsWith("_values");
        if (operation == Operation.IN && !array) {
            throw QueryException.invalid(at + ": IN needs an array value (string_values, int_values or "
                    + "long_values), got " + valueKind);
        }
        if (operation != Operation.IN && array) {
            throw QueryException.invalid(at + ": " + operation + " takes a single value, got " + valueKind);
        }
        if (operation == Operation.IS_SUBSTRING && !valueKind.equals("string_value")) {
            throw QueryException.invalid(at + ": IS_SUBSTRING needs a string_value, got " + valueKind);
        }
        List<Object> values = new ArrayList<>();
        if (array) {
            JsonNode items = value.isObject() ? value.path("values") : value;
            if (!items.isArray()) {
                throw QueryException.invalid(at + "." + valueKind + ": expected {\"values\": [...]}");
            }
            String single = valueKind.substring(0, valueKind.length() - 1);
            for (JsonNode item : items) {
                values.add(typed(column, single, item, at + "." + valueKind));
            }
        } else {
            values.add(typed(column, valueKind, value, at + "." + valueKind));
        }
        return new Predicate(column, operation, List.copyOf(values));
    }

    private static Operation operation(String name, String at) {
        if (name == null) {
            throw QueryException.invalid(at + ": operation is required");
        }
        try {
            return Operation.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw QueryException.invalid(at + ": unknown operation '" + name + "'; valid operations: EQUALS, "
                    + "NOT_EQUALS, GREATER_THAN, GREATER_THAN_EQUALS, LESS_THAN, LESS_THAN_EQUALS, IN, IS_SUBSTRING");
        }
    }

    /** The value as the column compares it: a String, or epoch micros for a timestamp key. */
    private static Object typed(Column column, String kind, JsonNode value, String at) {
        if (column.type() != ValueType.TIMESTAMP) {
            if (!kind.equals("string_value")) {
                throw QueryException.invalid(at + ": key '" + column.key() + "' takes a string value, not " + kind);
            }
            // a name compares case-folded: its column holds the folded name
            return column.type() == ValueType.STRING_IGNORING_CASE ? NameKey.of(text(value, at)) : text(value, at);
        }
        return switch (kind) {
            case "timestamp_value" -> {
                try {
                    yield EpochMicros.of(Instant.parse(text(value, at)));
                } catch (DateTimeParseException e) {
                    throw QueryException.invalid(at + ": not an RFC 3339 timestamp: '" + value.asText() + "'");
                } catch (ArithmeticException e) {
                    throw QueryException.invalid(at + ": timestamp out of range: '" + value.asText() + "'");
                }
            }
            case "int_value", "long_value" -> {
                try {
                    yield Math.multiplyExact(integer(value, at), 1_000_000L);
                } catch (ArithmeticException e) {
                    throw QueryException.invalid(at + ": epoch seconds out of range: " + value.asText());
                }
            }
            default -> throw QueryException.invalid(at + ": key '" + column.key()
                    + "' is a timestamp: use timestamp_value, or int_value / long_value in epoch seconds, not " + kind);
        };
    }

    private static String text(JsonNode value, String at) {
        if (!value.isTextual()) {
            throw QueryException.invalid(at + ": expected a string, got " + value.getNodeType().name().toLowerCase());
        }
        String problem = StorableValues.textProblem(value.textValue());
        if (problem != null) {
            throw QueryException.invalid(at + ": " + problem);
        }
        return value.asText();
    }

    /** An integer as a JSON number or, as proto3 JSON writes int64, a decimal string. */
    private static long integer(JsonNode value, String at) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw QueryException.invalid(at + ": expected an integer, got " + value);
    }
}
