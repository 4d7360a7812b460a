package io.runstore.server.publisher;

import io.runstore.testsupport.DatabaseKind;

class PostgresPublisherTest extends PublisherTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
