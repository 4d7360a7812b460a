package io.runstore.projections.runlist;

import io.runstore.testsupport.DatabaseKind;

class MySqlRunListPlanTest extends RunListPlanTest {

    MySqlRunListPlanTest() {
        super(DatabaseKind.MYSQL);
    }
}
