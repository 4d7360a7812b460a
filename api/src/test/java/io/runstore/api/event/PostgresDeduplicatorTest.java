package io.runstore.api.event;

import io.runstore.testsupport.DatabaseKind;

class PostgresDeduplicatorTest extends DeduplicatorTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
