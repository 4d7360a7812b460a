package io.runstore.query.listruns;

import io.runstore.testsupport.DatabaseKind;

class PostgresListRunsEquivalenceTest extends ListRunsEquivalenceTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
