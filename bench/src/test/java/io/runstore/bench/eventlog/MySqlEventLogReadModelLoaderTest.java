package io.runstore.bench.eventlog;

import io.runstore.testsupport.DatabaseKind;

class MySqlEventLogReadModelLoaderTest extends EventLogReadModelLoaderTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.MYSQL;
    }
}
