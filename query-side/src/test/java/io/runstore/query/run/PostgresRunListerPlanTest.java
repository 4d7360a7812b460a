package io.runstore.query.run;

import io.runstore.testsupport.DatabaseKind;

class PostgresRunListerPlanTest extends RunListerPlanTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
