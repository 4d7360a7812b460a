package io.runstore.bench.report;

import org.HdrHistogram.Histogram;

/**
 * Latencies in microseconds of one kind of call made back to back by one caller, corrected for coordinated omission
 * as HdrHistogram does for a closed loop: the expected interval is the median of the warm-up calls, and a call that
 * took longer also stands for the calls a caller at that pace would have made meanwhile and that would have waited
 * (so a stall weighs on p99 as it would for a steady stream of users, not once).
 */
public final class ClosedLoopLatency {

    /** How every table built from this class says what its latencies are. */
    public static final String METHOD = "corrected for coordinated omission (HdrHistogram's "
            + "recordValueWithExpectedInterval, interval = the warm-up calls' median)";

    private final Histogram warmUp = new Histogram(3);
    private final Histogram corrected = new Histogram(3);
    private long expectedInterval;

    public void warmUp(long micros) {
        warmUp.recordValue(Math.max(1, micros));
    }

    /** Whether a warm-up call was recorded, so that {@link #record} knows its interval. */
    public boolean warmedUp() {
        return warmUp.getTotalCount() > 0;
    }

    public void record(long micros) {
        if (expectedInterval == 0) {
            if (warmUp.getTotalCount() == 0) {
                throw new IllegalStateException("no warm-up call recorded: the expected interval is unknown");
            }
            expectedInterval = Math.max(1, warmUp.getValueAtPercentile(50));
        }
        corrected.recordValueWithExpectedInterval(Math.max(1, micros), expectedInterval);
    }

    public long expectedInterval() {
        return expectedInterval;
    }

    /** The corrected latencies (more values than calls when some call took longer than the interval). */
    public Histogram corrected() {
        return corrected;
    }

    public double millisAt(double percentile) {
        return corrected.getValueAtPercentile(percentile) / 1000.0;
    }
}
