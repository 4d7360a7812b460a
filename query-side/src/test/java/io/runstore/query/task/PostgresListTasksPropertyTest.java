package io.runstore.query.task;

import io.runstore.testsupport.DatabaseKind;

class PostgresListTasksPropertyTest extends ListTasksPropertyTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
