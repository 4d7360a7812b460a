package io.runstore.server.projection;

import io.runstore.testsupport.DatabaseKind;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Metrics export is off in Spring Boot tests unless asked for: this test reads /actuator/prometheus. */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresProjectionProcessorTest extends ProjectionProcessorTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        useDatabase(registry, DatabaseKind.POSTGRESQL);
    }
}
