package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class MySqlOptimisticConcurrencyTest extends OptimisticConcurrencyTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
