package io.runstore.projections.runlist;

import io.runstore.testsupport.DatabaseKind;

class MySqlRunListProjectionTest extends RunListProjectionTest {

    MySqlRunListProjectionTest() {
        super(DatabaseKind.MYSQL);
    }
}
