package io.runstore.server.publisher;

import io.runstore.testsupport.DatabaseKind;

class MySqlPublisherTest extends PublisherTest {

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
