package io.runstore.bench.command;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class LoadTest {

    @Test
    void aStallInTheMeasuredWindowWeighsOnP99AsForASteadyStreamOfCalls() throws Exception {
        long stallAfter = System.nanoTime() + Duration.ofMillis(400).toNanos();
        AtomicBoolean stalled = new AtomicBoolean();
        JdbcBaseline.Point point = Load.run(1, Duration.ofMillis(200), Duration.ofMillis(800), thread -> {
            boolean stall = System.nanoTime() > stallAfter && stalled.compareAndSet(false, true);
            Thread.sleep(stall ? 300 : 1);
            return true;
        });

        // one slow call among a hundred or more: uncorrected, p99 would be a fast call's; corrected, the calls a
        // steady caller would have made during the stall count as waiting behind it
        assertThat(stalled).isTrue();
        assertThat(point.latencyMicros().getTotalCount()).isGreaterThan(point.operations());
        assertThat(point.p99Millis()).isGreaterThan(100);
        assertThat(point.p50Millis()).isLessThan(100);
    }

    @Test
    void aWorkerWhoseCallsOutlastTheWarmUpTakesItsFirstMeasuredCallAsTheInterval() throws Exception {
        JdbcBaseline.Point point = Load.run(1, Duration.ofMillis(20), Duration.ofMillis(700), thread -> {
            Thread.sleep(100);
            return true;
        });

        assertThat(point.operations()).isGreaterThanOrEqualTo(3);
        assertThat(point.latencyMicros().getTotalCount()).isGreaterThanOrEqualTo(point.operations() - 1);
        assertThat(point.p50Millis()).isGreaterThanOrEqualTo(100);
    }
}
