package io.runstore.bench.eventlog;

import io.runstore.testsupport.DatabaseKind;

class PostgresEventLogReadModelLoaderTest extends EventLogReadModelLoaderTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
