package io.runstore.projections.schema;

import io.runstore.testsupport.DatabaseKind;

class MySqlDisplayNameKeyMigrationTest extends DisplayNameKeyMigrationTest {

    MySqlDisplayNameKeyMigrationTest() {
        super(DatabaseKind.MYSQL);
    }
}
