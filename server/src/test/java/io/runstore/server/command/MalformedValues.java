package io.runstore.server.command;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.Map;

/**
 * The malformed parts {@link MalformedInputPropertyTest} sends: JSON values (as JSON text), path ids, query parameters,
 * headers, content types and raw bytes.
 */
final class MalformedValues {

    /** Characters that break stores, encodings or parsers: NUL, lone and paired surrogates, controls, quotes. */
    private static final String NASTY = "\u0000\ud800\udc00\udbff\ufffe\uffff\u202e\u0007\n\t\"\\/ aZ9é€😀%";

    private MalformedValues() {
    }

    /** A JSON value, as text, that a field may not expect. */
    static Arbitrary<String> values() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, strings().map(MalformedValues::jsonString)),
                Tuple.of(2, Arbitraries.of("1e400", "-1e400", "1e-400", "-1", "0", "-0", "2147483648",
                        "-2147483649", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
                        "123456789012345678901234567890.5", "0.1", "NaN", "Infinity", "1_000", "0x10", "01")),
                Tuple.of(1, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(3, times().map(MalformedValues::jsonString)),
                Tuple.of(2, Arbitraries.of("null", "true", "false", "[]", "{}", "[null]", "{\"\": null}",
                        "[[[[[[[[]]]]]]]]", "{\"a\": {\"b\": {\"c\": {}}}}", "[1, \"a\", null, {}]",
                        "\"\"", "\" \"", "{\"state\": \"RUNNING\"}", "[\"RUNNING\"]")),
                Tuple.of(1, Arbitraries.of("[".repeat(3000) + "]".repeat(3000),
                        "\"" + "x".repeat(200_000) + "\"", "{" + "\"k\": 1, ".repeat(5000) + "\"z\": 0}")),
                Tuple.of(1, Arbitraries.of("", "{", "[1,", "\"unterminated", "tru", "{\"a\" 1}", "'single'",
                        "{a: 1}", "1 2", "/* c */ 1", "\"\\u12\"", "\"\\x41\"", "\"\\ud800\"", "\"\\u0000\"")));
    }

    /** Text that a name, an id or an enum field may not expect. */
    static Arbitrary<String> strings() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().withChars(NASTY).ofMinLength(0).ofMaxLength(8)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(6)),
                Tuple.of(1, Arbitraries.of("RUNNING", "running", "STATE_UNSPECIFIED", "SUCCEEDED ", "PENDING",
                        "CANCELED", "ARCHIVED", "AVAILABLE", "FULL", "DEFAULT", "RAW", "ROOT", "EQUALS", "IN")),
                Tuple.of(1, Arbitraries.strings().ofLength(70_000).withChars("ab")));
    }

    /** Times a timestamp field may not expect: outside years 1-9999, impossible dates, other formats. */
    static Arbitrary<String> times() {
        return Arbitraries.of("+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "0000-12-31T23:59:59.999999Z",
                "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2026-02-30T00:00:00Z",
                "2026-01-01T24:00:01Z", "2026-01-01", "2026-01-01T00:00:00", "2026-01-01T00:00:00+25:00",
                "2026-01-01T00:00:00.1234567891Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999Z",
                "+292278994-08-17T07:12:55.807Z", "1e10", "yesterday", "", "T", "2026-W01-1");
    }

    /** What goes in place of an id in a path, as it goes on the wire (escapes included, some of them broken). */
    static Arbitrary<String> oddIds() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("%00", "%20", "a%20", "%09", "%0A", "%C3%A9", "%FF", "%ED%A0%80",
                        "%C0%AF", "%2F", "a%2Fb", "%5C", "..", ".", "%2E%2E", "%25", "%", "%zz", "%u0041", "a;b",
                        "a;jsessionid=1", "a:b", "*", "-", "_", "~", "a+b", "a%2Bb", "x".repeat(65),
                        "x".repeat(300), "%E2%80%AE", "%F0%9F%98%80", "%EF%BF%BF", "null", "undefined", "0", "-1",
                        "%22", "%7B%7D", "a%3Fb", "a%23b", "a%26b=1")),
                Tuple.of(1, Arbitraries.strings().withChars("abc-_.%0123456789ABCDEF").ofMinLength(1)
                        .ofMaxLength(12)));
    }

    /** One query parameter, name=value: the API's names and a few others, with odd values. */
    static Arbitrary<String> queryParameters() {
        Arbitrary<String> names = Arbitraries.of("namespace", "filter", "page_token", "page_size", "sort_by", "view",
                "experiment_id", "order_by", "parent_id", "resource_reference_key.type", "resource_reference_key.id",
                "switch", "lanes", "chunk", "x");
        Arbitrary<String> encoded = Combinators.combine(names, Arbitraries.frequencyOf(
                        Tuple.of(3, strings()), Tuple.of(3, filters()),
                        Tuple.of(2, Arbitraries.of("-1", "0", "1", "1001", "2147483648", "99999999999999999999",
                                "1.5", "1e3", " 10", "abc", "")),
                        Tuple.of(1, Arbitraries.of("created_at desc", "name", "display_name asc extra",
                                "desc", "foo desc", "created_at DESC, name", "FULL", "DEFAULT", "TASK_VIEW_UNSPECIFIED",
                                "AAAA", "eyJmb28iOiJiYXIifQ", "eyJrZXkiOiBbXX0=", "////", "%%%"))))
                .as((name, value) -> MalformedInputPropertyTest.parameter(name, value, false));
        Arbitrary<String> raw = Combinators.combine(names, Arbitraries.of("%", "%zz", "%00", "%FF", "%C0%AF",
                        "%ED%A0%80", "a%", "%%", "{\"predicates\":[]}", "a b"))
                .as((name, value) -> MalformedInputPropertyTest.parameter(name, value, true));
        return Arbitraries.frequencyOf(Tuple.of(5, encoded), Tuple.of(1, raw));
    }

    /** ListRuns' and ListExperiments' JSON filter, with odd keys, operations and values. */
    static Arbitrary<String> filters() {
        Arbitrary<String> key = Arbitraries.of("display_name", "name", "state", "run_id", "created_at",
                "finished_at", "scheduled_at", "storage_state", "experiment_id", "namespace", "pipeline_version_id",
                "", "unknown", "display_name\u0000", "created_at ");
        Arbitrary<String> operation = Arbitraries.of("EQUALS", "NOT_EQUALS", "GREATER_THAN", "GREATER_THAN_EQUALS",
                "LESS_THAN", "LESS_THAN_EQUALS", "IN", "IS_SUBSTRING", "OPERATION_UNSPECIFIED", "LIKE", "", "equals");
        Arbitrary<String> field = Arbitraries.of("string_value", "int_value", "long_value", "timestamp_value",
                "bool_value", "string_values", "int_values", "long_values", "double_value", "value");
        Arbitrary<String> value = Arbitraries.frequencyOf(Tuple.of(3, values()),
                Tuple.of(1, Arbitraries.of("{\"values\": []}", "{\"values\": [null]}",
                        "{\"values\": [\"\\u0000\"]}", "{\"values\": " + "[1]".repeat(1) + "}",
                        "{\"values\": [\"a\", 1, {}]}")));
        Arbitrary<String> predicate = Combinators.combine(key, operation, field, value)
                .as((k, op, f, v) -> "{\"key\": " + jsonString(k) + ", \"operation\": " + jsonString(op) + ", \""
                        + f + "\": " + v + "}");
        return Arbitraries.frequencyOf(
                Tuple.of(4, predicate.list().ofMaxSize(3).map(predicates -> "{\"predicates\": ["
                        + String.join(", ", predicates) + "]}")),
                Tuple.of(1, Arbitraries.of("{", "[]", "null", "{\"predicates\": null}", "{\"predicates\": {}}",
                        "{\"predicates\": [null]}", "{\"predicates\": [1]}", "not json", "",
                        "{\"predicates\": []}{}")));
    }

    /** A header the API reads, now and then, with an odd value. */
    static Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> names = Arbitraries.of("Idempotency-Key", "Runstore-Consistency-Token",
                "Runstore-Consistency", "Accept", "Authorization", "kubeflow-userid", "Accept-Charset",
                "Content-Encoding", "X-Grpc-Web");
        Arbitrary<String> values = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20)),
                Tuple.of(1, Arbitraries.of("token", "wait", "run:1", "a:b:c", ":", "x:-1",
                        "00000000-0000-0000-0000-000000000000:99999999999999999999", "application/xml",
                        "text/html", "*/*;q=x", "Bearer", "Bearer \u00e9", "gzip", "x".repeat(2000), "")));
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Map.<String, String>of())),
                Tuple.of(1, Combinators.combine(names, values).as(MalformedInputPropertyTest::headerMap)));
    }

    /** The request's content type: usually the endpoint's own ("natural"), else an odd one or none. */
    static Arbitrary<String> contentTypes() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just("natural")),
                Tuple.of(1, Arbitraries.of("none", "text/plain", "application/xml", "*/*", "application/*",
                        "application/json; charset=ISO-8859-1", "application/json; charset=UTF-16",
                        "application/json; charset=nonsense", "multipart/form-data; boundary=x",
                        "application/x-www-form-urlencoded", "a/b/c", "application/grpc-web+proto",
                        "application/grpc-web-text", "application/json;;;", "application/merge-patch+json",
                        "APPLICATION/JSON", "json")));
    }

    /** Raw bytes: random ones, or sequences that are not UTF-8. */
    static Arbitrary<byte[]> garbage() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(64)),
                Tuple.of(2, Arbitraries.of(new byte[] {(byte) 0xC0, (byte) 0xAF},
                        new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                        new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {0},
                        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})));
    }

    /** A JSON string of {@code text} with everything outside printable ASCII escaped (lone surrogates included). */
    static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
