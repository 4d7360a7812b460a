package io.runstore.server.kfpimport;

import io.runstore.testsupport.DatabaseKind;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest
class PostgresKfpImportTest extends KfpImportTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        useDatabases(registry, DatabaseKind.POSTGRESQL);
    }
}
