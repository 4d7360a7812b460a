package io.runstore.projections.processing;

import io.runstore.testsupport.DatabaseKind;

class PostgresRunListProjectionTest extends RunListProjectionTest {

    PostgresRunListProjectionTest() {
        super(DatabaseKind.POSTGRESQL);
    }
}
