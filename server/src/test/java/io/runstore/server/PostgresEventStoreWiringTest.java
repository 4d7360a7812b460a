package io.runstore.server;

import io.runstore.testsupport.DatabaseKind;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest
class PostgresEventStoreWiringTest extends EventStoreWiringTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        RunApiEndToEndTest.useDatabase(registry, DatabaseKind.POSTGRESQL);
    }
}
