package io.runstore.bench.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClosedLoopLatencyTest {

    @Test
    void aStallAlsoCountsForTheCallsThatWouldHaveWaitedBehindIt() {
        ClosedLoopLatency latency = new ClosedLoopLatency();
        for (int i = 0; i < 10; i++) {
            latency.warmUp(1_000);
        }
        for (int i = 0; i < 97; i++) {
            latency.record(1_000);
        }
        latency.record(100_000);

        assertThat(latency.expectedInterval()).isEqualTo(1_000);
        // 98 calls, but the 100 ms one stands for the 99 a steady 1 ms caller would have started meanwhile
        assertThat(latency.corrected().getTotalCount()).isEqualTo(97 + 100);
        // uncorrected, p99 of 98 calls would be 1 ms; corrected, half the values are waits behind the stall
        assertThat(latency.millisAt(99)).isGreaterThan(90);
        assertThat(latency.millisAt(50)).isGreaterThan(1.0);
    }

    @Test
    void callsWithinTheIntervalAreRecordedAsThey() {
        ClosedLoopLatency latency = new ClosedLoopLatency();
        latency.warmUp(2_000);
        latency.record(1_500);
        latency.record(2_000);

        assertThat(latency.corrected().getTotalCount()).isEqualTo(2);
        assertThat(latency.millisAt(100)).isEqualTo(2.0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void warmedUpOnceAWarmUpCallIsRecorded() {
        ClosedLoopLatency latency = new ClosedLoopLatency();
        assertThat(latency.warmedUp()).isFalse();
        latency.warmUp(800);
        assertThat(latency.warmedUp()).isTrue();
    }

    @Test
    void recordingBeforeAnyWarmUpIsRefused() {
        assertThatThrownBy(() -> new ClosedLoopLatency().record(5)).isInstanceOf(IllegalStateException.class);
    }
}
