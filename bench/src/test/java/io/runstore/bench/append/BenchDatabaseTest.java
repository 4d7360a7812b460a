package io.runstore.bench.append;

import io.runstore.testsupport.DatabaseKind;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A named benchmark database ({@code ReplayBenchmark --log-database}) is created when missing and found again with
 * what was written into it; the test drops it. Run once per database.
 */
abstract class BenchDatabaseTest {

    abstract DatabaseKind kind();

    @Test
    void aNamedDatabaseIsCreatedOnceAndKeepsItsTables() {
        DatabaseKind kind = kind();
        String name = "bench_named_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (BenchDatabase first = BenchDatabase.named(kind, name, 2)) {
            first.dsl.execute("CREATE TABLE kept (id INT PRIMARY KEY)");
            first.dsl.execute("INSERT INTO kept VALUES (7)");
        }
        try (BenchDatabase again = BenchDatabase.named(kind, name, 2)) {
            assertThat(again.database.jdbcUrl()).contains("/" + name + "?");
            assertThat(again.dsl.fetchValue("SELECT id FROM kept")).isEqualTo(7);
        } finally {
            try (BenchDatabase other = new BenchDatabase(kind, 2)) {
                other.dsl.execute(kind == DatabaseKind.POSTGRESQL ? "DROP DATABASE " + name + " WITH (FORCE)"
                        : "DROP DATABASE " + name);
            }
        }
    }
}
