package io.runstore.projections.replay;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How far a replay in this process is: events applied of the events it has to apply, events/s, time left. Read by
 * the command line's progress bar, the admin API and the metrics while the replay's threads move it.
 */
public final class ReplayProgress {

    private final AtomicReference<String> phase = new AtomicReference<>("idle");
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong startedNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong doneAtStart = new AtomicLong();

    /** A replay (re)starts in this process with {@code done} of {@code total} events already behind it. */
    public void started(String phaseName, long doneSoFar, long totalEvents) {
        phase.set(phaseName);
        done.set(doneSoFar);
        doneAtStart.set(doneSoFar);
        total.set(totalEvents);
        startedNanos.set(System.nanoTime());
    }

    public void phase(String phaseName) {
        phase.set(phaseName);
    }

    /** The log grew: the replay has more to do. */
    public void total(long totalEvents) {
        total.accumulateAndGet(totalEvents, Math::max);
    }

    void applied(long events) {
        done.addAndGet(events);
    }

    /**
     * @param phase        what the replay is doing
     * @param done         events (positions) behind it
     * @param total        events it has to go through
     * @param eventsPerSecond since it started in this process
     * @param etaSeconds   at that rate, -1 when unknown
     */
    public record Snapshot(String phase, long done, long total, double eventsPerSecond, long etaSeconds) {

        public double fraction() {
            return total <= 0 ? 1.0 : Math.min(1.0, (double) done / total);
        }
    }

    public Snapshot snapshot() {
        long d = done.get();
        long t = Math.max(d, total.get());
        double seconds = (System.nanoTime() - startedNanos.get()) / 1e9;
        double rate = seconds <= 0 ? 0 : (d - doneAtStart.get()) / seconds;
        long eta = rate <= 0 ? -1 : (long) Math.ceil((t - d) / rate);
        return new Snapshot(phase.get(), d, t, rate, eta);
    }
}
