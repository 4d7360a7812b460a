package io.runstore.query.run;

import io.runstore.testsupport.DatabaseKind;

class PostgresListRunsPropertyTest extends ListRunsPropertyTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
