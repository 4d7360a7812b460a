package io.runstore.projections.processing;

import io.runstore.testsupport.DatabaseKind;

class PostgresStaleUpsertTest extends StaleUpsertTest {

    PostgresStaleUpsertTest() {
        super(DatabaseKind.POSTGRESQL);
    }
}
