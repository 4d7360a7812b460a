package io.runstore.projections.processing;

import io.runstore.testsupport.DatabaseKind;

class PostgresRebuiltEqualsLiveTest extends RebuiltEqualsLiveTest {

    PostgresRebuiltEqualsLiveTest() {
        super(DatabaseKind.POSTGRESQL);
    }
}
