package io.runstore.server.security;

import io.runstore.testsupport.DatabaseKind;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MySqlConsistencyWaitBoundsTest extends ConsistencyWaitBoundsTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        bounded(registry, DatabaseKind.MYSQL);
    }
}
