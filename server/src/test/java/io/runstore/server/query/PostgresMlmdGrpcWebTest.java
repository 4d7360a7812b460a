package io.runstore.server.query;

import io.runstore.testsupport.DatabaseKind;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresMlmdGrpcWebTest extends MlmdGrpcWebTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        QueryEndToEndTest.useDatabase(registry, DatabaseKind.POSTGRESQL);
    }
}
