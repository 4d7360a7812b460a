package io.runstore.projections.replay;

import io.runstore.testsupport.DatabaseKind;

class PostgresRebuildTest extends RebuildTest {

    PostgresRebuildTest() {
        super(DatabaseKind.POSTGRESQL);
    }
}
