package io.runstore.command.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.events.EventJson;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Digests are kept in Run snapshots: the same value must give the same digest however it is computed. */
class TaskDigestTest {

    private final ObjectMapper json = EventJson.newObjectMapper();

    @Test
    void aStringIsDigestedAsItsJsonText() throws Exception {
        for (String text : List.of("train", "step 3", "", "gs://bucket/data/ä/ü.parquet", "root.step-3")) {
            JsonNode asJson = json.valueToTree(text);

            assertThat(TaskDigest.of(text)).as(text).isEqualTo(TaskDigest.of(asJson)).isEqualTo(spec(text));
        }
    }

    @Test
    void aDigestDoesNotDependOnWhatTheThreadDigestedBefore() throws Exception {
        long train = TaskDigest.of("train");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> digests = List.of(
                    threads.submit(() -> {
                        TaskDigest.of(json.readTree("{\"b\": [1, 2.50, true], \"a\": null}"));
                        return TaskDigest.of("train");
                    }),
                    threads.submit(() -> TaskDigest.of("train")));
            for (Future<Long> digest : digests) {
                assertThat(digest.get()).isEqualTo(train);
            }
        } finally {
            threads.shutdown();
        }
        assertThat(TaskDigest.of(json.readTree("{\"a\": null, \"b\": [1, 2.5, true]}")))
                .isEqualTo(TaskDigest.of(json.readTree("{\"b\": [1, 2.50, true], \"a\": null}")));
    }

    /** The first 8 bytes of SHA-256 over tag 's', size 0, the text's length and its UTF-8 bytes. */
    private static long spec(String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((byte) 's');
        sha.update(ByteBuffer.allocate(8).putInt(0).putInt(bytes.length).array());
        sha.update(bytes);
        return ByteBuffer.wrap(sha.digest()).getLong();
    }
}
