package io.runstore.projections.runlist;

import io.runstore.testsupport.DatabaseKind;

class PostgresRunListPlanTest extends RunListPlanTest {

    PostgresRunListPlanTest() {
        super(DatabaseKind.POSTGRESQL);
    }
}
