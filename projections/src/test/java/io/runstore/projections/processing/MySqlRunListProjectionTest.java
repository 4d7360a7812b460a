package io.runstore.projections.processing;

import io.runstore.testsupport.DatabaseKind;

class MySqlRunListProjectionTest extends RunListProjectionTest {

    MySqlRunListProjectionTest() {
        super(DatabaseKind.MYSQL);
    }
}
