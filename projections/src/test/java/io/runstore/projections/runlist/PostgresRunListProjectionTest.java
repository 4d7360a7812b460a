package io.runstore.projections.runlist;

import io.runstore.testsupport.DatabaseKind;

class PostgresRunListProjectionTest extends RunListProjectionTest {

    PostgresRunListProjectionTest() {
        super(DatabaseKind.POSTGRESQL);
    }
}
