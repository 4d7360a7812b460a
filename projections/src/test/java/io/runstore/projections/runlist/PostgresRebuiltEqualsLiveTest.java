package io.runstore.projections.runlist;

import io.runstore.testsupport.DatabaseKind;

class PostgresRebuiltEqualsLiveTest extends RebuiltEqualsLiveTest {

    PostgresRebuiltEqualsLiveTest() {
        super(DatabaseKind.POSTGRESQL);
    }
}
