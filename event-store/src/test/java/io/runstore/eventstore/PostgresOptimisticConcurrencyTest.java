package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class PostgresOptimisticConcurrencyTest extends OptimisticConcurrencyTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
