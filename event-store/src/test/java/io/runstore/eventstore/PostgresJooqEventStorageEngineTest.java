package io.runstore.eventstore;

import io.runstore.testsupport.DatabaseKind;

class PostgresJooqEventStorageEngineTest extends JooqEventStorageEngineTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }

    @Override
    String plainSqlReadingTheNote() {
        return "select payload::jsonb ->> 'note' from event_log";
    }
}
