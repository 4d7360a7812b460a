package io.runstore.server.publisher;

import io.runstore.testsupport.DatabaseKind;

class MySqlPublisherCrashTest extends PublisherCrashTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
