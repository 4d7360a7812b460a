package io.runstore.eventstore;

import org.axonframework.common.IdentifierFactory;

import java.security.SecureRandom;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Axon's message identifiers (every command, event and result message gets one; an event's is its {@code event_id},
 * unique in the event log) without a call to {@link UUID#randomUUID()} each. Axon's default factory takes one from
 * the JDK's SecureRandom, a single synchronized generator per process: under load the request threads queue on it
 * (JFR, docs/benchmarks/ingest.md). Axon finds this factory through its ServiceLoader
 * ({@code META-INF/services/org.axonframework.common.IdentifierFactory}).
 * <p>
 * Unique by construction within a process: a counter (2^62 identifiers before it repeats). Across processes and
 * restarts: a 60-bit prefix drawn once from SecureRandom, and the counter's random start; two factories meet only if
 * they draw the same prefix. The text is a UUID's (version 4 and variant bits set), 36 characters as before.
 * Identifiers are not secrets here: the API names runs, tasks and commands by ids of its own.
 */
public final class CountingIdentifierFactory extends IdentifierFactory {

    private static final long VERSION_MASK = 0xF000L;
    private static final long VERSION_4 = 0x4000L;
    private static final long COUNTER_MASK = 0x3FFF_FFFF_FFFF_FFFFL;
    private static final long VARIANT = 0x8000_0000_0000_0000L;

    private final long prefix;
    private final AtomicLong counter;

    /** The factory Axon's ServiceLoader makes: its prefix and start drawn from SecureRandom. */
    public CountingIdentifierFactory() {
        this(new SecureRandom());
    }

    CountingIdentifierFactory(Random random) {
        this.prefix = (random.nextLong() & ~VERSION_MASK) | VERSION_4;
        this.counter = new AtomicLong(random.nextLong());
    }

    @Override
    public String generateIdentifier() {
        return new UUID(prefix, (counter.getAndIncrement() & COUNTER_MASK) | VARIANT).toString();
    }
}
