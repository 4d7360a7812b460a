package io.runstore.server.command;

import io.runstore.testsupport.DatabaseKind;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresUnstorableInputTest extends UnstorableInputTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        useDatabase(registry, DatabaseKind.POSTGRESQL);
    }
}
