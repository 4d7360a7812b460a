package io.runstore.projections.processing;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The event store as a processor's source, with streams that tell when events are available. Axon's embedded event
 * store streams cannot, so a caught-up pooled streaming processor looks for new events only every 500 ms: half a
 * second of lag before the projector even sees an event. These streams compare the head of the log with the last
 * event taken every {@code pollInterval} (one indexed {@code max(position)} query) and wake the processor when it is
 * behind. The stream itself is read only by the processor's thread, as before. The watching thread is the source's
 * own: {@link #close} ends it (the processor's configuration closes the source when it shuts down).
 */
public final class AvailabilityNotifyingSource implements StreamableMessageSource<TrackedEventMessage<?>>,
        AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AvailabilityNotifyingSource.class);

    private final StreamableMessageSource<TrackedEventMessage<?>> delegate;
    private final Duration pollInterval;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "event-availability-watcher");
        thread.setDaemon(true);
        return thread;
    });

    public AvailabilityNotifyingSource(StreamableMessageSource<TrackedEventMessage<?>> delegate, Duration pollInterval) {
        this.delegate = delegate;
        this.pollInterval = pollInterval;
    }

    /** Stops watching for every stream of this source. */
    @Override
    public void close() {
        watcher.shutdownNow();
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        return new NotifyingStream(delegate.openStream(token), positionOf(token));
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return delegate.createTokenSince(duration);
    }

    private static long positionOf(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    private final class NotifyingStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> stream;
        private volatile long taken;
        private ScheduledFuture<?> watch;

        NotifyingStream(BlockingStream<TrackedEventMessage<?>> stream, long taken) {
            this.stream = stream;
            this.taken = taken;
        }

        @Override
        public synchronized boolean setOnAvailableCallback(Runnable callback) {
            if (watch != null) {
                watch.cancel(false);
            }
            long millis = pollInterval.toMillis();
            if (watcher.isShutdown()) {
                return false;
            }
            watch = watcher.scheduleWithFixedDelay(() -> {
                try {
                    if (positionOf(delegate.createHeadToken()) > taken) {
                        callback.run();
                    }
                } catch (RuntimeException e) {
                    // the database is away: the processor finds out itself; keep watching
                    log.debug("Cannot read the head of the event log: {}", e.toString());
                }
            }, millis, millis, TimeUnit.MILLISECONDS);
            return true;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            TrackedEventMessage<?> event = stream.nextAvailable();
            taken = Math.max(taken, positionOf(event.trackingToken()));
            return event;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return stream.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return stream.hasNextAvailable(timeout, unit);
        }

        @Override
        public boolean hasNextAvailable() {
            return stream.hasNextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public synchronized void close() {
            if (watch != null) {
                watch.cancel(false);
            }
            stream.close();
        }
    }
}
