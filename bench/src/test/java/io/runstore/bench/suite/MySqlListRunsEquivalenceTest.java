package io.runstore.bench.suite;

import io.runstore.testsupport.DatabaseKind;

class MySqlListRunsEquivalenceTest extends ListRunsEquivalenceTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.MYSQL;
    }
}
