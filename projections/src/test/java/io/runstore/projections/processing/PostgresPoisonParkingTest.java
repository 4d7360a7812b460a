package io.runstore.projections.processing;

import io.runstore.testsupport.DatabaseKind;

class PostgresPoisonParkingTest extends PoisonParkingTest {

    PostgresPoisonParkingTest() {
        super(DatabaseKind.POSTGRESQL);
    }
}
