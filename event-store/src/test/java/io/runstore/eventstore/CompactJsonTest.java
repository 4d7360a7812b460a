package io.runstore.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Compact text is what Jackson writes for the text's tree; text Jackson writes otherwise is not compact. */
class CompactJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "{\"a\":1}", "[1,-2,30000000000000000000000,true,false,null]",
            "{\"s\":\"q \\\" b \\\\ \\b\\t\\n\\f\\r \\u0000 \\u001F é 漢 😀 / \u007f\"}", "[[{\"\":\"\"}],{}]", "[0,-1]",
            "[65.672,-0.25,1.0E-7,2.5E300,-0.0,100000.0,1.0E7]"})
    void textThatJacksonWritesSoIsCompact(String text) throws Exception {
        assertThat(JSON.readTree(text).toString()).isEqualTo(text);
        assertThat(compact(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{ }", "[1, 2]", "{\"a\" :1}", "[\n1]", "[-0]", "[1.50]", "[1e-7]", "[1.0e-7]", "[2e3]",
            "[1E+300]", "[10000000.0]",
            "[\"a\\/b\"]", "[\"\\u00e9\"]", "[\"\\u001f\"]", "[\"\\u000A\"]", "[\"\\u0009\"]", "[\"\\u0008\"]"})
    void textThatJacksonWritesOtherwiseIsNot(String text) throws Exception {
        assertThat(JSON.readTree(text).toString()).isNotEqualTo(text);
        assertThat(compact(text)).isFalse();
    }

    private static boolean compact(String text) {
        byte[] bytes = ("{\"x\":" + text + "}").getBytes(StandardCharsets.UTF_8);
        return CompactJson.isCompact(bytes, 5, bytes.length - 1);
    }
}
