package io.runstore.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What both databases and the read tables can hold, checked before anything is written or queried, so that a value
 * is refused with a 400 naming its field instead of being accepted and then failing the projector (or a query) on
 * one database:
 * <ul>
 *     <li>text without NUL ({@code U+0000}: PostgreSQL's {@code text} and {@code jsonb} cannot hold it) and without
 *     lone surrogates (a UTF-16 half that UTF-8 cannot encode: stored as '?');</li>
 *     <li>times within protobuf's {@code Timestamp} range, years 1 to 9999, what KFP's API takes (the read tables
 *     keep epoch microseconds, which hold that range exactly);</li>
 *     <li>ids of runs, tasks and experiments in the id alphabet, so that no collation (MariaDB's PAD SPACE ignores
 *     trailing spaces) makes one id address another's row.</li>
 * </ul>
 */
public final class StorableValues {

    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    /** Letters, digits, '-', '_', '.', starting with a letter or digit, at most 64 (the id columns' width). */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][-_.A-Za-z0-9]{0,63}");

    private StorableValues() {
    }

    /** What is wrong with this text for storing, or null when nothing is (null text included). */
    public static String textProblem(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "contains a NUL character (\\u0000) at index " + i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains a lone surrogate (\\u" + Integer.toHexString(c) + ") at index " + i;
            }
            if (Character.isLowSurrogate(c)) {
                return "contains a lone surrogate (\\u" + Integer.toHexString(c) + ") at index " + i;
            }
        }
        return null;
    }

    /** What is wrong with this time for storing, or null when nothing is (null included). */
    public static String timeProblem(Instant time) {
        if (time == null || (!time.isBefore(EARLIEST) && !time.isAfter(LATEST))) {
            return null;
        }
        return "'" + time + "' is outside the range of times that can be stored (" + EARLIEST + " to "
                + "9999-12-31T23:59:59.999999Z)";
    }

    /** What is wrong with this id, or null when nothing is (null included). */
    public static String idProblem(String id) {
        if (id == null || ID.matcher(id).matches()) {
            return null;
        }
        String shown = textProblem(id) == null ? id : id.replace("\u0000", "\\u0000");
        return "'" + shown + "' is not a valid id (letters, digits, '-', '_', '.', at most 64)";
    }

    /**
     * The first text in a JSON value (a field name or a string, at any depth) that cannot be stored, as
     * {@code <path>: <problem>} with the path starting at {@code at} ({@code pipeline_spec.root.dag[2]}); null when
     * every text can be.
     */
    public static String jsonProblem(JsonNode node, String at) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            String problem = textProblem(node.textValue());
            return problem == null ? null : at + ": " + problem;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String problem = jsonProblem(node.get(i), at + "[" + i + "]");
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String path = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
                String keyProblem = textProblem(field.getKey());
                if (keyProblem != null) {
                    return (at.isEmpty() ? "" : at + ": ") + "a field name " + keyProblem;
                }
                String problem = jsonProblem(field.getValue(), path);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }
}
