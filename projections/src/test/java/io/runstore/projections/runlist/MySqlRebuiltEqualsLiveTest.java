package io.runstore.projections.runlist;

import io.runstore.testsupport.DatabaseKind;

class MySqlRebuiltEqualsLiveTest extends RebuiltEqualsLiveTest {

    MySqlRebuiltEqualsLiveTest() {
        super(DatabaseKind.MYSQL);
    }
}
