package io.runstore.bench.eventlog;

import io.runstore.testsupport.DatabaseKind;

class PostgresEventLogAppenderTest extends EventLogAppenderTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
