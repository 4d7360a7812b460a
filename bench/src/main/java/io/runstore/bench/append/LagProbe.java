package io.runstore.bench.append;

import org.HdrHistogram.Histogram;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Append-to-delivery lag at a steady offered rate: writers send commands at {@code eventsPerSecond} together, and a
 * reader follows Axon's embedded event store ({@code openStream}, the path processors take) and records, for every
 * event, the time from its creation in the aggregate (just before its transaction commits) to its delivery.
 */
final class LagProbe {

    private LagProbe() {
    }

    record Result(double offered, double achieved, double p50Millis, double p99Millis, double maxMillis, long lost) {
    }

    static Result run(BenchDatabase db, EngineKind kind, EventStorageEngine engine, int eventsPerSecond,
                      Duration warmup, Duration window) throws InterruptedException {
        try (AxonStack stack = new AxonStack(db, kind, engine, ProjectionMode.NONE)) {
            Histogram lagMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
            long[] delivered = {0};
            Instant[] windowStart = {Instant.MAX};
            AtomicBoolean stop = new AtomicBoolean();
            TrackingEventStream stream = stack.eventStore.openStream(stack.eventStore.createHeadToken());
            Thread reader = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        if (stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)) {
                            TrackedEventMessage<?> event = stream.nextAvailable();
                            long lag = ChronoUnit.MICROS.between(event.getTimestamp(), Instant.now());
                            synchronized (lagMicros) {
                                delivered[0]++;
                                if (!event.getTimestamp().isBefore(windowStart[0])) {
                                    lagMicros.recordValue(Math.max(0, lag));
                                }
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "lag-reader");
            reader.start();
            CommandLoad load = new CommandLoad(stack.commands(), 8, eventsPerSecond);
            Thread.sleep(warmup.toMillis());
            long before = load.succeeded();
            synchronized (lagMicros) {
                windowStart[0] = Instant.now();
            }
            long start = System.nanoTime();
            Thread.sleep(window.toMillis());
            double achieved = (load.succeeded() - before) / ((System.nanoTime() - start) / 1e9);
            load.close();
            long appended = load.succeeded();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (deliveredSoFar(lagMicros, delivered) < appended && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            stop.set(true);
            reader.join();
            stream.close();
            synchronized (lagMicros) {
                return new Result(eventsPerSecond, achieved, lagMicros.getValueAtPercentile(50) / 1000.0,
                        lagMicros.getValueAtPercentile(99) / 1000.0, lagMicros.getMaxValue() / 1000.0,
                        appended - delivered[0]);
            }
        }
    }

    private static long deliveredSoFar(Object lock, long[] delivered) {
        synchronized (lock) {
            return delivered[0];
        }
    }
}
