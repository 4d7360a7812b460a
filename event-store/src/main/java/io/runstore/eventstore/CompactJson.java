package io.runstore.eventstore;

import java.nio.charset.StandardCharsets;

/**
 * Whether UTF-8 JSON text is already what Jackson writes for its tree (compact, default features), so that a value
 * can be kept as its text instead of being parsed and written again: no whitespace between tokens, numbers as Jackson
 * writes them (an integer as its digits, but {@code -0} as {@code 0}; a number with a fraction or an exponent from its
 * double, as {@link Double#toString} writes it: {@code 65.672}, {@code 1.0E-7}, not {@code 1e-7} or {@code 1.50}), and
 * strings escaped as Jackson escapes them ({@code \"}, {@code \\}, {@code \b \t \n \f \r}, any other
 * control character as {@code \}{@code u00XX} with upper-case hex digits; everything else, non-ASCII included, as
 * itself). The tokens are taken to be valid JSON already (the parser has read them); anything this does not recognise
 * is not compact, and the caller writes the value the long way.
 */
final class CompactJson {

    private CompactJson() {
    }

    /** Whether {@code json[from, to)} is written as Jackson writes it. */
    static boolean isCompact(byte[] json, int from, int to) {
        int i = from;
        while (i < to) {
            byte b = json[i];
            if (b == '"') {
                i = afterString(json, i + 1, to);
                if (i < 0) {
                    return false;
                }
            } else if (b == '-' || (b >= '0' && b <= '9')) {
                i = afterNumber(json, i, to);
                if (i < 0) {
                    return false;
                }
            } else if (b == '{' || b == '}' || b == '[' || b == ']' || b == ':' || b == ',' || (b >= 'a' && b <= 'z')) {
                i++;
            } else {
                return false;
            }
        }
        return true;
    }

    /**
     * The index after a string's closing quote, from the index after its opening one; -1 for an escape Jackson does
     * not write.
     */
    private static int afterString(byte[] json, int i, int to) {
        while (i < to) {
            byte b = json[i];
            if (b == '"') {
                return i + 1;
            }
            if (b == '\\') {
                if (i + 1 >= to) {
                    return -1;
                }
                byte escaped = json[i + 1];
                if (escaped == 'u') {
                    if (i + 5 >= to || json[i + 2] != '0' || json[i + 3] != '0'
                            || !controlHex(json[i + 4], json[i + 5])) {
                        return -1;
                    }
                    i += 6;
                    continue;
                }
                if (escaped != '"' && escaped != '\\' && escaped != 'b' && escaped != 't' && escaped != 'n'
                        && escaped != 'f' && escaped != 'r') {
                    return -1;
                }
                i += 2;
                continue;
            }
            if (b >= 0 && b < 0x20) {
                return -1;
            }
            i++;
        }
        return -1;
    }

    /** {@code 00XX} of a control character that has no short escape, as Jackson writes it. */
    private static boolean controlHex(byte high, byte low) {
        int value;
        if (low >= '0' && low <= '9') {
            value = low - '0';
        } else if (low >= 'A' && low <= 'F') {
            value = low - 'A' + 10;
        } else {
            return false;
        }
        if (high == '1') {
            value += 16;
        } else if (high != '0') {
            return false;
        }
        return value != '\b' && value != '\t' && value != '\n' && value != '\f' && value != '\r';
    }

    /** The index after a number; -1 for one that Jackson would write otherwise. */
    private static int afterNumber(byte[] json, int i, int to) {
        int start = i;
        if (json[i] == '-') {
            i++;
        }
        int digits = i;
        while (i < to && json[i] >= '0' && json[i] <= '9') {
            i++;
        }
        if (i == digits) {
            return -1;
        }
        if (i < to && (json[i] == '.' || json[i] == 'e' || json[i] == 'E')) {
            while (i < to && (json[i] == '.' || json[i] == 'e' || json[i] == 'E' || json[i] == '+' || json[i] == '-'
                    || (json[i] >= '0' && json[i] <= '9'))) {
                i++;
            }
            String number = new String(json, start, i - start, StandardCharsets.ISO_8859_1);
            return Double.toString(Double.parseDouble(number)).equals(number) ? i : -1;
        }
        if (json[start] == '-' && i - digits == 1 && json[digits] == '0') {
            return -1;
        }
        return i;
    }
}
