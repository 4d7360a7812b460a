package io.runstore.query.listing;

import com.fasterxml.jackson.databind.node.NullNode;
import io.runstore.query.web.QueryException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageTokensTest {

    private static final Filter NONE = new Filter(List.of(), NullNode.getInstance());
    private static final Sort SORT = new Sort(null, null, false, "created_at desc");

    @Test
    void afterARotationTheNewKeySignsAndTheOldOneIsStillAcceptedUntilItIsDropped() {
        byte[] old = "old-key".getBytes(StandardCharsets.UTF_8);
        byte[] rotated = "new-key".getBytes(StandardCharsets.UTF_8);
        AtomicReference<List<byte[]>> keys = new AtomicReference<>(List.of(old));
        PageTokens tokens = new PageTokens(keys::get);
        String before = tokens.issue("runs:ns", NONE, SORT, new Position(1L, "r-1"));

        keys.set(List.of(rotated, old));
        String after = tokens.issue("runs:ns", NONE, SORT, new Position(1L, "r-1"));

        assertThat(after).isNotEqualTo(before);
        assertThat(tokens.read(before).position().id()).isEqualTo("r-1");
        assertThat(new PageTokens(rotated).read(after).position().id()).as("signed with the new key").isEqualTo("r-1");
        keys.set(List.of(rotated));
        assertThatThrownBy(() -> tokens.read(before)).isInstanceOf(QueryException.class)
                .hasMessageContaining("page_token is invalid");
    }

    /**
     * Threads sign and verify at once, each switching between two keys (as every thread does during a rotation):
     * every token is the one a single thread makes, reads back with its own key and is refused by the other.
     */
    @Test
    void threadsSigningAtOnceWithTwoKeysGetTheTokensOneThreadGets() throws Exception {
        PageTokens first = new PageTokens("first-key".getBytes(StandardCharsets.UTF_8));
        PageTokens second = new PageTokens("second-key".getBytes(StandardCharsets.UTF_8));
        int tokens = 400;
        List<String> expectedFirst = new ArrayList<>();
        List<String> expectedSecond = new ArrayList<>();
        for (int i = 0; i < tokens; i++) {
            expectedFirst.add(first.issue("runs:ns", NONE, SORT, new Position((long) i, "r-" + i)));
            expectedSecond.add(second.issue("runs:ns", NONE, SORT, new Position((long) i, "r-" + i)));
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                results.add(threads.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < tokens; i++) {
                        String a = first.issue("runs:ns", NONE, SORT, new Position((long) i, "r-" + i));
                        String b = second.issue("runs:ns", NONE, SORT, new Position((long) i, "r-" + i));
                        if (!a.equals(expectedFirst.get(i)) || !b.equals(expectedSecond.get(i))
                                || !first.read(a).position().id().equals("r-" + i)
                                || !second.read(b).position().id().equals("r-" + i)
                                || refused(second, a) == null || refused(first, b) == null) {
                            wrong.add("token " + i);
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEmpty();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static QueryException refused(PageTokens tokens, String token) {
        try {
            tokens.read(token);
            return null;
        } catch (QueryException e) {
            return e;
        }
    }
}
