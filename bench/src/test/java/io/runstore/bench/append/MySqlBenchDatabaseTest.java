package io.runstore.bench.append;

import io.runstore.testsupport.DatabaseKind;

class MySqlBenchDatabaseTest extends BenchDatabaseTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.MYSQL;
    }
}
