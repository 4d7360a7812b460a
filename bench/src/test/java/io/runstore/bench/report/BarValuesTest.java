package io.runstore.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BarValuesTest {

    @Test
    void seriesAndCategoriesKeepTheOrderTheyWereFirstPutIn() {
        BarValues values = new BarValues()
                .put("stock", "PostgreSQL", 1.0)
                .put("runstore", "PostgreSQL", 0.8)
                .put("stock", "MariaDB", 1.0)
                .put("runstore", "MariaDB", 1.4);

        assertThat(List.copyOf(values.asMap().keySet())).containsExactly("stock", "runstore");
        assertThat(List.copyOf(values.asMap().get("runstore").keySet())).containsExactly("PostgreSQL", "MariaDB");
        assertThat(values.asMap().get("runstore").get("MariaDB")).isEqualTo(1.4);
    }

    @Test
    void aValuePutAgainReplacesTheFirst() {
        BarValues values = new BarValues().put("rebuild", "MariaDB", 5.0).put("rebuild", "MariaDB", 6.0);

        assertThat(values.asMap().get("rebuild")).containsExactlyEntriesOf(java.util.Map.of("MariaDB", 6.0));
        assertThat(values.isEmpty()).isFalse();
        assertThat(new BarValues().isEmpty()).isTrue();
    }
}
