package io.runstore.query.task;

import io.runstore.testsupport.DatabaseKind;

class MySqlListTasksPropertyTest extends ListTasksPropertyTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.MYSQL;
    }
}
