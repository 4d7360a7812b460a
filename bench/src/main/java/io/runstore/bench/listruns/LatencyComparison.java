package io.runstore.bench.listruns;

import io.runstore.testsupport.listruns.ListRunsImplementation;
import io.runstore.testsupport.listruns.PageRequests;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Times the implementations on one page, interleaved: every round calls each of them once (with its own request for
 * that page), so a disturbance on a shared machine hits all of them alike and their ratios hold. Latency of the whole
 * call as a client sees it (statements, transfer of every row, total_size; over HTTP also the request and the JSON),
 * recorded in microseconds.
 *
 * <p>The rounds are a closed loop: a slow call delays the calls after it instead of being overlapped by them, which
 * hides stalls from the percentiles (coordinated omission). The reported percentiles are corrected as HdrHistogram's
 * {@code recordValueWithExpectedInterval} does, for a client that sends each implementation a request every
 * {@link Latency#expectedIntervalMicros}: that implementation's own uncorrected median, i.e. as many requests as it
 * answers at its usual speed. A call taking k such intervals also counts the k - 1 requests that would have waited
 * behind it. The uncorrected histogram is kept beside.
 */
public final class LatencyComparison {

    private static final int WARMUP_ROUNDS = 2;

    private LatencyComparison() {
    }

    /**
     * Latencies of one implementation on one request: as measured, and corrected for coordinated omission with
     * the expected interval between requests (both in microseconds).
     */
    public record Latency(String implementation, Histogram measured, Histogram corrected,
                          long expectedIntervalMicros) {

        static Latency of(String implementation, Histogram measured) {
            long interval = Math.max(1, measured.getValueAtPercentile(50));
            return new Latency(implementation, measured, measured.copyCorrectedForCoordinatedOmission(interval),
                    interval);
        }

        public double p50Millis() {
            return corrected.getValueAtPercentile(50) / 1000.0;
        }

        public double p99Millis() {
            return corrected.getValueAtPercentile(99) / 1000.0;
        }

        public double measuredP99Millis() {
            return measured.getValueAtPercentile(99) / 1000.0;
        }

        /** Calls timed (the corrected histogram holds more values). */
        public long samples() {
            return measured.getTotalCount();
        }
    }

    /**
     * Rounds until {@code budget} has passed and at least {@code minRounds} were run, at most {@code maxRounds}.
     * Results in the order of {@code implementations}.
     */
    public static List<Latency> measure(List<ListRunsImplementation> implementations, PageRequests page,
                                        Duration budget, int minRounds, int maxRounds) throws Exception {
        List<Histogram> histograms = new ArrayList<>();
        for (int i = 0; i < implementations.size(); i++) {
            histograms.add(new Histogram(3_600_000_000L, 3));
        }
        for (int round = 0; round < WARMUP_ROUNDS; round++) {
            for (int i = 0; i < implementations.size(); i++) {
                implementations.get(i).list(page.requests().get(i));
            }
        }
        long deadline = System.nanoTime() + budget.toNanos();
        for (int round = 0; round < maxRounds && (round < minRounds || System.nanoTime() < deadline); round++) {
            for (int i = 0; i < implementations.size(); i++) {
                long started = System.nanoTime();
                implementations.get(i).list(page.requests().get(i));
                histograms.get(i).recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
            }
        }
        List<Latency> latencies = new ArrayList<>();
        for (int i = 0; i < implementations.size(); i++) {
            latencies.add(Latency.of(implementations.get(i).name(), histograms.get(i)));
        }
        return latencies;
    }
}
