package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class PostgresLosslessTailingTest extends LosslessTailingTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
