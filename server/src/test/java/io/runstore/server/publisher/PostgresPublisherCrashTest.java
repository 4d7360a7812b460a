package io.runstore.server.publisher;

import io.runstore.testsupport.DatabaseKind;

class PostgresPublisherCrashTest extends PublisherCrashTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
