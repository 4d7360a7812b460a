package io.runstore.projections.processing;

import io.runstore.testsupport.DatabaseKind;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PostgreSQL: one statement text for any number of rows, an array per column, planned once. */
class PostgresUpsertStatementsTest extends UpsertStatementsTest {

    PostgresUpsertStatementsTest() {
        super(DatabaseKind.POSTGRESQL);
    }

    @Override
    void assertStatements(List<String> statements, int columns, int... rows) {
        assertThat(statements).hasSize(rows.length);
        assertThat(statements).allSatisfy(sql -> {
            assertThat(sql).isEqualTo(statements.get(0)).containsIgnoringCase("unnest(");
            assertThat(markers(sql)).isEqualTo(columns);
        });
    }
}
