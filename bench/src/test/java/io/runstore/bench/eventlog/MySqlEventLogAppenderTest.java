package io.runstore.bench.eventlog;

import io.runstore.testsupport.DatabaseKind;

class MySqlEventLogAppenderTest extends EventLogAppenderTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.MYSQL;
    }
}
