package io.runstore.query.run;

import io.runstore.testsupport.DatabaseKind;

class MySqlListRunsPropertyTest extends ListRunsPropertyTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.MYSQL;
    }
}
