package io.runstore.projections.processing;

import io.runstore.testsupport.DatabaseKind;

class PostgresProjectionTransactionsTest extends ProjectionTransactionsTest {

    PostgresProjectionTransactionsTest() {
        super(DatabaseKind.POSTGRESQL);
    }
}
