package io.runstore.projections.processing;

import io.runstore.testsupport.DatabaseKind;

class MySqlPoisonParkingTest extends PoisonParkingTest {

    MySqlPoisonParkingTest() {
        super(DatabaseKind.MYSQL);
    }
}
