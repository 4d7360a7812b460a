package io.runstore.server.command;

import io.runstore.security.Callers;
import io.runstore.testsupport.DatabaseKind;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The outage in multi-user mode: the chain's lookup of the run's namespace fails as the write would, 503. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresMultiUserDatabaseOutageTest extends DatabaseOutageTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        useDatabaseThroughProxy(registry, DatabaseKind.POSTGRESQL);
        registry.add("runstore.auth.mode", () -> "multi-user");
        registry.add("runstore.auth.principals[0].name", () -> "alice");
        registry.add("runstore.auth.principals[0].namespaces[0]", () -> "ns-a");
        registry.add("runstore.auth.principals[0].token-hashes[0]", () -> Callers.sha256("alice-token"));
        // alice also reports workflows and runs the admin API, so that every endpoint is walked as her
        registry.add("runstore.auth.principals[0].grants[0].namespace", () -> "*");
        registry.add("runstore.auth.principals[0].grants[0].roles[0]", () -> "execute");
        registry.add("runstore.auth.principals[0].grants[0].roles[1]", () -> "admin");
    }

    @Override
    String[] identity() {
        return new String[] {"Authorization", "Bearer alice-token"};
    }

    @Override
    String runs() {
        return CommandApiTest.RUNS + "?namespace=ns-a";
    }

    @Override
    String inNamespace() {
        return "?namespace=ns-a";
    }
}
