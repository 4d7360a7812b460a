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
 */
public final class LatencyComparison {

    private static final int WARMUP_ROUNDS = 2;

    private LatencyComparison() {
    }

    /** Latencies of one implementation on one request. */
    public record Latency(String implementation, Histogram histogram) {

        public double p50Millis() {
            return histogram.getValueAtPercentile(50) / 1000.0;
        }

        public double p99Millis() {
            return histogram.getValueAtPercentile(99) / 1000.0;
        }

        public long samples() {
            return histogram.getTotalCount();
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
            latencies.add(new Latency(implementations.get(i).name(), histograms.get(i)));
        }
        return latencies;
    }
}
