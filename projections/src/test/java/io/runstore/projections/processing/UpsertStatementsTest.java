package io.runstore.projections.processing;

import io.runstore.projections.write.ReadTables;
import io.runstore.readtables.schema.tables.records.RunDetailRecord;
import io.runstore.readtables.schema.tables.records.RunListRecord;
import io.runstore.readtables.schema.tables.records.RunMetricRecord;
import io.runstore.testsupport.DatabaseKind;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static io.runstore.readtables.schema.Tables.RUN_DETAIL;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements {@link ReadTables#upsert} writes with: the values stored are the values given, whatever characters
 * they hold, nulls included, over several statements' worth of rows; and the statements' shape on each database
 * (rows of bind markers on MySQL/MariaDB, one array per column on PostgreSQL).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UpsertStatementsTest {

    /** Values that a text encoding of rows or arrays has to escape or might take for something else. */
    private static final List<String> AWKWARD = List.of("", "NULL", "null", "a\"b", "back\\slash", "{braces}",
            "com,ma", "(paren)", " padded ", "tab\there", "new\nline", "'quote'", "ünïcödé ✓ 𝄞", "\\N");

    final StatementLog log = new StatementLog();
    final ReadTablesFixture fixture;

    UpsertStatementsTest(DatabaseKind kind) {
        fixture = new ReadTablesFixture(kind, log::wrap);
    }

    @AfterAll
    void close() {
        fixture.close();
    }

    /** Asserts the statements that wrote {@code rows} rows (one per statement) of {@code table}'s {@code columns}. */
    abstract void assertStatements(List<String> statements, int columns, int... rows);

    @Test
    void everyValueIsStoredAsGiven() {
        String prefix = UUID.randomUUID().toString().substring(0, 8);
        List<RunListRecord> runs = new ArrayList<>();
        List<RunDetailRecord> details = new ArrayList<>();
        List<RunMetricRecord> metrics = new ArrayList<>();
        double[] numbers = {0.0, -1.5, 1e-300, -Double.MAX_VALUE, Double.MIN_VALUE, 123456789.125};
        for (int i = 0; i < 2_345; i++) {
            String text = AWKWARD.get(i % AWKWARD.size());
            String runId = prefix + "-" + i;
            runs.add(new RunListRecord(runId, "ns-" + text, "exp-" + i % 3, text, text + "x".repeat(i % 50), "RUNNING",
                    "AVAILABLE", Long.MAX_VALUE - i, (long) -i, Long.MIN_VALUE + i, text, "", "p-" + text, "sa",
                    i % 2 == 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE, i % 3 == 0 ? null : text, "[]", "{}", "[]",
                    text.repeat(1 + i % 7), 1L + i, text.toLowerCase()));
            details.add(new RunDetailRecord(runId, i % 2 == 0 ? null : text.repeat(3000), i % 5 == 0 ? text : null,
                    null, "", 2L));
            metrics.add(new RunMetricRecord(runId, "m-" + text, text, numbers[i % numbers.length], "RAW", "ns",
                    "exp", "AVAILABLE"));
        }
        fixture.transactions.executeWithoutResult(status -> {
            ReadTables.upsert(fixture.dsl, RUN_LIST, runs);
            ReadTables.upsert(fixture.dsl, RUN_DETAIL, details);
            ReadTables.upsert(fixture.dsl, RUN_METRIC, metrics);
        });

        assertStored(RUN_LIST, RUN_LIST.RUN_ID.startsWith(prefix), runs);
        assertStored(RUN_DETAIL, RUN_DETAIL.RUN_ID.startsWith(prefix), details);
        assertStored(RUN_METRIC, RUN_METRIC.RUN_ID.startsWith(prefix), metrics);
    }

    @Test
    void statementsOfEachDatabase() {
        String prefix = UUID.randomUUID().toString().substring(0, 8);
        List<RunMetricRecord> rows = new ArrayList<>();
        for (int i = 0; i < 1_700; i++) {
            rows.add(new RunMetricRecord(prefix + "-" + i, "m", "n", (double) i, "RAW", "ns", "exp", "AVAILABLE"));
        }
        int from = log.mark("start");
        fixture.transactions.executeWithoutResult(status -> {
            ReadTables.upsert(fixture.dsl, RUN_METRIC, rows.subList(0, 1));
            ReadTables.upsert(fixture.dsl, RUN_METRIC, rows.subList(1, 1_700));
        });
        List<String> statements = log.between(from, log.mark("end")).stream()
                .filter(sql -> sql.toLowerCase().startsWith("insert")).toList();

        assertStatements(statements, RUN_METRIC.fields().length, 1, 1_000, 699);
        assertThat(fixture.dsl.fetchCount(RUN_METRIC, RUN_METRIC.RUN_ID.startsWith(prefix))).isEqualTo(1_700);
    }

    private <R extends TableRecord<R>> void assertStored(Table<R> table, org.jooq.Condition condition,
                                                         List<R> written) {
        List<List<Object>> stored = fixture.dsl.selectFrom(table).where(condition).fetch().stream()
                .map(UpsertStatementsTest::values).sorted(UpsertStatementsTest::byKey).toList();
        List<List<Object>> expected = written.stream().map(UpsertStatementsTest::values)
                .sorted(UpsertStatementsTest::byKey).toList();
        assertThat(stored).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(stored.get(i)).as("%s row %s", table.getName(), expected.get(i).get(0))
                    .isEqualTo(expected.get(i));
        }
    }

    private static List<Object> values(Record record) {
        return Arrays.asList(record.intoArray());
    }

    private static int byKey(List<Object> a, List<Object> b) {
        return String.valueOf(a.get(0)).compareTo(String.valueOf(b.get(0)));
    }

    static long markers(String sql) {
        return sql.chars().filter(c -> c == '?').count();
    }
}
