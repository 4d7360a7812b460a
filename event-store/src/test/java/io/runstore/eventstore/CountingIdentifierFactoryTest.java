package io.runstore.eventstore;

import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class CountingIdentifierFactoryTest {

    @Test
    void axonNamesItsMessagesWithTheCountingFactory() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(CountingIdentifierFactory.class);
    }

    @Test
    void identifiersFromManyThreadsAreDistinctVersion4Uuids() throws Exception {
        IdentifierFactory factory = new CountingIdentifierFactory();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (Future<?> done : IntStream.range(0, 8).mapToObj(t -> threads.submit(() -> {
                for (int i = 0; i < 20_000; i++) {
                    seen.add(factory.generateIdentifier());
                }
            })).toList()) {
                done.get();
            }
        } finally {
            threads.shutdown();
        }

        assertThat(seen).hasSize(160_000).allSatisfy(id -> {
            assertThat(id).hasSize(36);
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
        });
    }

    @Test
    void theCounterDoesNotReachTheVersionOrVariantBits() {
        // a start just below the mask's wrap: the counter's carry must not change the prefix or the variant
        Random start = new Random(7) {
            private int calls;

            @Override
            public long nextLong() {
                return calls++ == 0 ? 0x1234_5678_9ABC_DEF0L : 0x3FFF_FFFF_FFFF_FFFEL;
            }
        };
        CountingIdentifierFactory factory = new CountingIdentifierFactory(start);

        assertThat(IntStream.range(0, 4).mapToObj(i -> UUID.fromString(factory.generateIdentifier())).toList())
                .allSatisfy(uuid -> {
                    assertThat(uuid.getMostSignificantBits()).isEqualTo(0x1234_5678_9ABC_4EF0L);
                    assertThat(uuid.variant()).isEqualTo(2);
                }).extracting(UUID::getLeastSignificantBits).doesNotHaveDuplicates();
    }

    @Test
    void twoFactoriesDrawDifferentPrefixes() {
        UUID one = UUID.fromString(new CountingIdentifierFactory().generateIdentifier());
        UUID other = UUID.fromString(new CountingIdentifierFactory().generateIdentifier());

        assertThat(one.getMostSignificantBits()).isNotEqualTo(other.getMostSignificantBits());
    }
}
