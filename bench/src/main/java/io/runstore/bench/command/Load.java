package io.runstore.bench.command;

import io.runstore.bench.report.ClosedLoopLatency;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed loop: {@code threads} workers call an operation back to back; latencies recorded after the warm-up, each
 * worker's corrected for coordinated omission ({@link ClosedLoopLatency}: its own warm-up calls give its interval).
 */
final class Load {

    private Load() {
    }

    /** One call of the operation by worker {@code thread}; true when it succeeded. */
    interface Operation {
        boolean call(int thread) throws Exception;
    }

    static JdbcBaseline.Point run(int threads, Duration warmUp, Duration measured, Operation operation)
            throws InterruptedException {
        AtomicBoolean recording = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong operations = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<ClosedLoopLatency> latencies = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            ClosedLoopLatency latency = new ClosedLoopLatency();
            latencies.add(latency);
            int thread = t;
            Thread worker = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        boolean ok;
                        try {
                            ok = operation.call(thread);
                        } catch (Exception e) {
                            ok = false;
                        }
                        long micros = (System.nanoTime() - start) / 1000;
                        if (!recording.get()) {
                            if (ok) {
                                latency.warmUp(micros);
                            }
                        } else if (ok) {
                            operations.incrementAndGet();
                            if (latency.warmedUp()) {
                                latency.record(micros);
                            } else {
                                // a worker whose calls outlasted the warm-up: its first call gives its interval
                                latency.warmUp(micros);
                            }
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "load-" + t);
            worker.setDaemon(true);
            worker.start();
        }
        Thread.sleep(warmUp.toMillis());
        recording.set(true);
        long start = System.nanoTime();
        Thread.sleep(measured.toMillis());
        recording.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        done.await();
        Histogram all = new Histogram(3);
        latencies.forEach(latency -> all.add(latency.corrected()));
        return new JdbcBaseline.Point(operations.get(), errors.get(), seconds, all);
    }
}
