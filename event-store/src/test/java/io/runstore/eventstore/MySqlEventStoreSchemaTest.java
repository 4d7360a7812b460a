package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class MySqlEventStoreSchemaTest extends EventStoreSchemaTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.MYSQL;
    }
}
