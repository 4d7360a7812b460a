package io.runstore.projections.processing;

import io.runstore.testsupport.DatabaseKind;

class MySqlStaleUpsertTest extends StaleUpsertTest {

    MySqlStaleUpsertTest() {
        super(DatabaseKind.MYSQL);
    }
}
