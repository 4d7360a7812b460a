package io.runstore.server.cli;

import io.runstore.testsupport.DatabaseKind;
import org.junit.jupiter.api.BeforeAll;

class PostgresImportCommandTest extends ImportCommandTest {

    @BeforeAll
    static void kfp() throws Exception {
        loadKfp(DatabaseKind.POSTGRESQL);
    }

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.POSTGRESQL;
    }
}
