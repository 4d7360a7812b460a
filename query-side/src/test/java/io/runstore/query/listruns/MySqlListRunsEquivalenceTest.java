package io.runstore.query.listruns;

import io.runstore.testsupport.DatabaseKind;

class MySqlListRunsEquivalenceTest extends ListRunsEquivalenceTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.MYSQL;
    }
}
