package io.runstore.eventstore;

import org.axonframework.eventhandling.TrackedDomainEventData;

import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterators;
import java.util.function.Consumer;

/**
 * Events in position order after a start position, fetched in batches. A non-blocking stream ends when it has caught
 * up. A blocking stream (the kind Axon's event store tails with) then waits for the sequencer to announce new
 * positions, and reads again at least every {@code pollInterval} for positions that other processes assigned; it ends
 * after {@code idleLimit} without a new event, or when closed.
 */
final class PositionSpliterator extends Spliterators.AbstractSpliterator<TrackedDomainEventData<String>> {

    /** Reads at most {@code limit} sequenced events with positions above {@code position}, in position order. */
    interface Fetch {
        List<TrackedDomainEventData<String>> after(long position, int limit);
    }

    private final Fetch fetch;
    private final int batchSize;
    private final EventSequencer sequencer;
    private final Duration pollInterval;
    private final long idleLimitNanos;
    private long lastPosition;
    private Iterator<TrackedDomainEventData<String>> batch = Collections.emptyIterator();
    private boolean caughtUp;
    private long idleSince = System.nanoTime();
    private volatile boolean closed;

    /** A stream that ends when it has caught up. */
    static PositionSpliterator nonBlocking(long after, Fetch fetch, int batchSize) {
        return new PositionSpliterator(after, fetch, batchSize, null, Duration.ZERO, Duration.ZERO);
    }

    /** A stream that waits for new events once it has caught up, until it has been idle for {@code idleLimit}. */
    static PositionSpliterator blocking(long after, Fetch fetch, int batchSize, EventSequencer sequencer,
                                        Duration pollInterval, Duration idleLimit) {
        return new PositionSpliterator(after, fetch, batchSize, Objects.requireNonNull(sequencer), pollInterval,
                idleLimit);
    }

    private PositionSpliterator(long after, Fetch fetch, int batchSize, EventSequencer sequencer,
                                Duration pollInterval, Duration idleLimit) {
        super(Long.MAX_VALUE, ORDERED | NONNULL | DISTINCT);
        this.lastPosition = after;
        this.fetch = fetch;
        this.batchSize = batchSize;
        this.sequencer = sequencer;
        this.pollInterval = pollInterval;
        this.idleLimitNanos = idleLimit.toNanos();
    }

    @Override
    public boolean tryAdvance(Consumer<? super TrackedDomainEventData<String>> action) {
        while (!batch.hasNext()) {
            if (closed || (caughtUp && !awaitMore())) {
                return false;
            }
            List<TrackedDomainEventData<String>> next = fetch.after(lastPosition, batchSize);
            caughtUp = next.size() < batchSize;
            if (!next.isEmpty()) {
                idleSince = System.nanoTime();
            }
            batch = next.iterator();
        }
        TrackedDomainEventData<String> event = batch.next();
        lastPosition = event.trackingToken().position().orElseThrow();
        action.accept(event);
        return true;
    }

    /** Stops a blocking stream at its next wait, from any thread. */
    void close() {
        closed = true;
    }

    private boolean awaitMore() {
        if (sequencer == null || System.nanoTime() - idleSince > idleLimitNanos) {
            return false;
        }
        try {
            sequencer.awaitPositionAbove(lastPosition, pollInterval);
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
