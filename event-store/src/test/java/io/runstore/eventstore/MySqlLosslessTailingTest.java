package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class MySqlLosslessTailingTest extends LosslessTailingTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
