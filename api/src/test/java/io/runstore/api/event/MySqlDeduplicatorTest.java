package io.runstore.api.event;

import io.runstore.testsupport.DatabaseKind;

class MySqlDeduplicatorTest extends DeduplicatorTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
