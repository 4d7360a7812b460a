package io.runstore.server.cli;

import io.runstore.testsupport.DatabaseKind;
import org.junit.jupiter.api.BeforeAll;

class MySqlImportCommandTest extends ImportCommandTest {

    @BeforeAll
    static void kfp() throws Exception {
        loadKfp(DatabaseKind.MYSQL);
    }

    @Override
    DatabaseKind databaseKind() {
        return DatabaseKind.MYSQL;
    }
}
