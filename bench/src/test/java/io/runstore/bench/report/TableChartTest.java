package io.runstore.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableChartTest {

    private static final List<String> PAGE = List.of(
            "# A page",
            "",
            "| server | runs | took |",
            "|---|---:|---:|",
            "| a | 10 | 1 s |",
            "",
            "| database | system | generator | on disk per run | heap |",
            "|---|---|---|---:|---:|",
            "| PostgreSQL 15 | KFP | before | 73.9 KB | 1,200.5 MB |",
            "| PostgreSQL 15 | KFP | calibrated | **64.7 KB** | - |",
            "| MariaDB 10.11 | runstore | before | 162.5 KB | died: OutOfMemoryError at 512 MB |",
            "",
            "Text after the table.");

    @Test
    void aSeriesColumnGivesOneSeriesPerValueOfIt() {
        BarValues bars = TableChart.read(PAGE, List.of("database", "system"), "generator", List.of("on disk per run"));

        assertThat(bars.asMap()).isEqualTo(Map.of(
                "before", Map.of("PostgreSQL 15, KFP", 73.9, "MariaDB 10.11, runstore", 162.5),
                "calibrated", Map.of("PostgreSQL 15, KFP", 64.7)));
    }

    @Test
    void severalValueColumnsAreOneSeriesEachAndCellsThatAreNoNumberDrawNoBar() {
        BarValues bars = TableChart.read(PAGE, List.of("database", "generator"), null,
                List.of("on disk per run", "heap"));

        assertThat(bars.asMap()).isEqualTo(Map.of(
                "on disk per run", Map.of("PostgreSQL 15, before", 73.9, "PostgreSQL 15, calibrated", 64.7,
                        "MariaDB 10.11, before", 162.5),
                "heap", Map.of("PostgreSQL 15, before", 1200.5)));
    }

    @Test
    void twoRowsOfTheSameBarAreRefused() {
        assertThatThrownBy(() -> TableChart.read(PAGE, List.of("generator"), null, List.of("on disk per run")))
                .hasMessageContaining("two rows give on disk per run of before");
    }

    @Test
    void aTableWithoutTheColumnsIsReported() {
        assertThatThrownBy(() -> TableChart.read(PAGE, List.of("database"), null, List.of("p50")))
                .hasMessageContaining("no table has the columns [database, p50]");
    }
}
