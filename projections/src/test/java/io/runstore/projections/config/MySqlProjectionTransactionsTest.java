package io.runstore.projections.config;

import io.runstore.testsupport.DatabaseKind;

class MySqlProjectionTransactionsTest extends ProjectionTransactionsTest {

    MySqlProjectionTransactionsTest() {
        super(DatabaseKind.MYSQL);
    }
}
