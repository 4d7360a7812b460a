package io.runstore.projections.config;

import io.runstore.testsupport.DatabaseKind;

class PostgresProjectionTransactionsTest extends ProjectionTransactionsTest {

    PostgresProjectionTransactionsTest() {
        super(DatabaseKind.POSTGRESQL);
    }
}
