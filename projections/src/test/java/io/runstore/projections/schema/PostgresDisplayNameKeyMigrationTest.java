package io.runstore.projections.schema;

import io.runstore.testsupport.DatabaseKind;

class PostgresDisplayNameKeyMigrationTest extends DisplayNameKeyMigrationTest {

    PostgresDisplayNameKeyMigrationTest() {
        super(DatabaseKind.POSTGRESQL);
    }
}
