package io.runstore.eventstore;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads an {@link Instant} written as the events' JSON writes it, RFC 3339 in UTC ({@code 2024-05-01T10:00:00Z},
 * {@code 2024-05-01T10:00:00.123456Z}), with plain arithmetic instead of a {@code DateTimeFormatter}, which took a
 * replay's lanes several microseconds per instant. Any other text (an offset, a year beyond four digits, an impossible
 * date), a number, and a property with a format of its own go to the deserializer it wraps, the JavaTimeModule's.
 */
final class InstantText extends DelegatingDeserializer {

    private static final int SHORTEST = "2024-05-01T10:00:00Z".length();

    InstantText(JsonDeserializer<?> delegate) {
        super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> contextual) {
        return contextual;
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            Instant instant = parse(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            if (instant != null) {
                return instant;
            }
        }
        return super.deserialize(parser, context);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss} with 0 to 9 digits of fraction and {@code Z}; null for anything else. */
    static Instant parse(char[] text, int offset, int length) {
        if (length < SHORTEST || length > SHORTEST + 10 || text[offset + length - 1] != 'Z'
                || text[offset + 4] != '-' || text[offset + 7] != '-' || text[offset + 10] != 'T'
                || text[offset + 13] != ':' || text[offset + 16] != ':') {
            return null;
        }
        int year = digits(text, offset, 4);
        int month = digits(text, offset + 5, 2);
        int day = digits(text, offset + 8, 2);
        int hour = digits(text, offset + 11, 2);
        int minute = digits(text, offset + 14, 2);
        int second = digits(text, offset + 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        int nanos = 0;
        int fraction = length - SHORTEST;
        if (fraction > 0) {
            if (fraction == 1 || text[offset + 19] != '.') {
                return null;
            }
            nanos = digits(text, offset + 20, fraction - 1);
            if (nanos < 0) {
                return null;
            }
            for (int scale = fraction - 1; scale < 9; scale++) {
                nanos *= 10;
            }
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal value of {@code count} digits at {@code at}; -1 when one is not a digit. */
    private static int digits(char[] text, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            char c = text[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
