package io.runstore.query.listing;

import com.fasterxml.jackson.databind.node.NullNode;
import io.runstore.query.web.QueryException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
}
