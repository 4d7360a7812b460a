package io.runstore.projections.replay;

import io.runstore.testsupport.DatabaseKind;

class MySqlRebuildTest extends RebuildTest {

    MySqlRebuildTest() {
        super(DatabaseKind.MYSQL);
    }
}
