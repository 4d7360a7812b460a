package io.runstore.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Instants in UTC are read by arithmetic exactly as the JavaTimeModule reads them; anything else is left to it. */
class InstantTextTest {

    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Test
    void instantsAsTheEventsWriteThemAreReadAsTheJavaTimeModuleReadsThem() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1_000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            String text = json.writeValueAsString(instant);
            assertThat(parse(text.substring(1, text.length() - 1))).as(text).isEqualTo(instant);
        }
        assertThat(parse("2024-02-29T23:59:59.5Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.500Z"));
        assertThat(parse("0000-01-01T00:00:00Z")).isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
    }

    @Test
    void anyOtherTextIsLeftToTheJavaTimeModule() {
        for (String text : new String[] {"2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-05-01T24:00:00Z",
                "2024-05-01T10:60:00Z", "2024-05-01T10:00:60Z", "2024-05-01T10:00:00+02:00", "2024-05-01T10:00:00",
                "2024-05-01T10:00:00.Z", "2024-05-01T10:00:00.1234567890Z", "2024-05-01 10:00:00Z",
                "+12024-05-01T10:00:00Z", "2024-5-01T10:00:00.0Z", "2024-05-01T10:00:00,5Z", "2024-05-01t10:00:00Z",
                "2024-05-01T10:00:00z", "1714557600", " 2024-05-01T10:00:00Z"}) {
            assertThat(parse(text)).as(text).isNull();
        }
    }

    private static Instant parse(String text) {
        char[] padded = ("[" + text + "]").toCharArray();
        return InstantText.parse(padded, 1, text.length());
    }
}
