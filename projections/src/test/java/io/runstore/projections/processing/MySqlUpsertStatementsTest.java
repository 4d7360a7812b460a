package io.runstore.projections.processing;

import io.runstore.testsupport.DatabaseKind;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** MySQL/MariaDB: a row of bind markers per row, at most a thousand rows a statement. */
class MySqlUpsertStatementsTest extends UpsertStatementsTest {

    MySqlUpsertStatementsTest() {
        super(DatabaseKind.MYSQL);
    }

    @Override
    void assertStatements(List<String> statements, int columns, int... rows) {
        assertThat(statements).hasSize(rows.length);
        for (int i = 0; i < rows.length; i++) {
            assertThat(markers(statements.get(i))).isEqualTo((long) rows[i] * columns);
        }
    }
}
