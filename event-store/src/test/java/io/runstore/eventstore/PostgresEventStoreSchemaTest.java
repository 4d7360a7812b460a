package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class PostgresEventStoreSchemaTest extends EventStoreSchemaTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
