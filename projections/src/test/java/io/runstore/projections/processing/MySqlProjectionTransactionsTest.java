package io.runstore.projections.processing;

import io.runstore.testsupport.DatabaseKind;

class MySqlProjectionTransactionsTest extends ProjectionTransactionsTest {

    MySqlProjectionTransactionsTest() {
        super(DatabaseKind.MYSQL);
    }
}
