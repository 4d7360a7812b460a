package io.runstore.bench.projection;

import io.runstore.bench.append.BenchDatabase;
import org.HdrHistogram.Histogram;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static io.runstore.readtables.schema.Tables.RUN_LIST;

/**
 * Commit-to-visible lag at a steady offered rate: 4 writer threads commit 5 events per transaction on a fixed
 * schedule, each on its own runs; for every 10th event a prober waits until run_list.version of its run reaches the
 * event's sequence number, and records the time since the writer's commit returned.
 */
final class LagMeasurement {

    private static final int WRITERS = 4;
    private static final int EVENTS_PER_COMMIT = 5;

    private final BenchDatabase db;
    private final EmbeddedEventStore store;
    private final int rate;
    private final Duration warmup;
    private final Duration window;

    LagMeasurement(BenchDatabase db, EmbeddedEventStore store, int rate, Duration warmup, Duration window) {
        this.db = db;
        this.store = store;
        this.rate = rate;
        this.warmup = warmup;
        this.window = window;
    }

    record Result(int offered, double achieved, long samples, double p50Millis, double p99Millis, double maxMillis) {
    }

    /** A sampled event: visible once its run's version is at least its sequence. */
    private record Sample(String runId, long sequence, long committedNanos) {
    }

    Result run(Supplier<AutoCloseable> processorFactory) throws Exception {
        Histogram lagMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        ConcurrentLinkedQueue<Sample> pending = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong committed = new AtomicLong();
        long[] windowStart = {Long.MAX_VALUE};
        try (AutoCloseable processor = processorFactory.get()) {
            List<Thread> writers = new ArrayList<>();
            long periodNanos = TimeUnit.SECONDS.toNanos(1) * WRITERS * EVENTS_PER_COMMIT / rate;
            for (int w = 0; w < WRITERS; w++) {
                RunLifecycles workload = new RunLifecycles("live-" + w, 20);
                Thread writer = new Thread(() -> write(workload, periodNanos, stop, committed, pending), "writer-" + w);
                writers.add(writer);
                writer.start();
            }
            Thread prober = new Thread(() -> probe(pending, stop, lagMicros, windowStart), "prober");
            prober.start();
            Thread.sleep(warmup.toMillis());
            synchronized (lagMicros) {
                windowStart[0] = System.nanoTime();
            }
            long before = committed.get();
            long start = System.nanoTime();
            Thread.sleep(window.toMillis());
            double achieved = (committed.get() - before) / ((System.nanoTime() - start) / 1e9);
            stop.set(true);
            for (Thread writer : writers) {
                writer.join();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            prober.interrupt();
            prober.join();
            synchronized (lagMicros) {
                return new Result(rate, achieved, lagMicros.getTotalCount(),
                        lagMicros.getValueAtPercentile(50) / 1000.0, lagMicros.getValueAtPercentile(99) / 1000.0,
                        lagMicros.getMaxValue() / 1000.0);
            }
        }
    }

    private void write(RunLifecycles workload, long periodNanos, AtomicBoolean stop, AtomicLong committed,
                       ConcurrentLinkedQueue<Sample> pending) {
        long next = System.nanoTime();
        long count = 0;
        while (!stop.get()) {
            List<DomainEventMessage<?>> events = workload.next(EVENTS_PER_COMMIT);
            db.transactions.executeWithoutResult(status -> store.publish(events));
            long now = System.nanoTime();
            for (DomainEventMessage<?> event : events) {
                if (count++ % 10 == 0) {
                    pending.add(new Sample(event.getAggregateIdentifier(), event.getSequenceNumber(), now));
                }
            }
            committed.addAndGet(events.size());
            next += periodNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void probe(ConcurrentLinkedQueue<Sample> pending, AtomicBoolean stop, Histogram lagMicros,
                       long[] windowStart) {
        while (!Thread.currentThread().isInterrupted()) {
            List<Sample> batch = new ArrayList<>();
            Iterator<Sample> it = pending.iterator();
            while (it.hasNext() && batch.size() < 200) {
                batch.add(it.next());
            }
            if (!batch.isEmpty()) {
                Map<String, Long> versions = new HashMap<>(db.dsl.select(RUN_LIST.RUN_ID, RUN_LIST.VERSION)
                        .from(RUN_LIST).where(RUN_LIST.RUN_ID.in(batch.stream().map(Sample::runId).toList()))
                        .fetchMap(RUN_LIST.RUN_ID, RUN_LIST.VERSION));
                long now = System.nanoTime();
                for (Sample sample : batch) {
                    Long version = versions.get(sample.runId());
                    if (version != null && version >= sample.sequence()) {
                        pending.remove(sample);
                        synchronized (lagMicros) {
                            if (sample.committedNanos() >= windowStart[0]) {
                                lagMicros.recordValue(Math.max(0, (now - sample.committedNanos()) / 1000));
                            }
                        }
                    }
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
