package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class MySqlJooqEventStorageEngineTest extends JooqEventStorageEngineTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }

    @Override
    String plainSqlReadingTheNote() {
        return "select json_value(payload, '$.note') from event_log";
    }
}
