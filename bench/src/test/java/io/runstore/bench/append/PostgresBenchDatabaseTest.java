package io.runstore.bench.append;

import io.runstore.testsupport.DatabaseKind;

class PostgresBenchDatabaseTest extends BenchDatabaseTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
