package io.runstore.projections.processing;

import io.runstore.testsupport.DatabaseKind;

class MySqlRebuiltEqualsLiveTest extends RebuiltEqualsLiveTest {

    MySqlRebuiltEqualsLiveTest() {
        super(DatabaseKind.MYSQL);
    }
}
