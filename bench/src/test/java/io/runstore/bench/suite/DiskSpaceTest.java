package io.runstore.bench.suite;

import io.runstore.testsupport.DatabaseKind;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiskSpaceTest {

    @Test
    void theMarginIsAShareOfTheEstimate() {
        assertThat(DiskSpace.required(100_000_000_000L, 20)).isEqualTo(120_000_000_000L);
        assertThat(DiskSpace.required(100_000_000_000L, 8)).isEqualTo(108_000_000_000L);
    }

    @Test
    void whateverTheMarginFiveGigabytesStayFree() {
        assertThat(DiskSpace.required(70_000_000_000L, 5)).isEqualTo(75_000_000_000L);
        assertThat(DiskSpace.required(1_000_000_000L, 20)).isEqualTo(6_000_000_000L);
    }

    @Test
    void aMarginBelowFivePercentIsRefused() {
        assertThatThrownBy(() -> DiskSpace.required(70_000_000_000L, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--disk-margin=4")
                .hasMessageContaining("at least 5");
    }

    @Test
    void bytesPerRunMeasuredInTheSameRunReplaceTheCalibratedFigure() {
        assertThat(DiskSpace.estimate(DatabaseKind.MYSQL, 200_000, OptionalLong.of(300_000)))
                .isEqualTo(60_000_000_000L);
        assertThat(DiskSpace.estimate(DatabaseKind.MYSQL, 200_000, OptionalLong.empty()))
                .isEqualTo(69_200_000_000L);
    }
}
