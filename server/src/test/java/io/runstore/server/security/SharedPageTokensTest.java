package io.runstore.server.security;

import io.runstore.server.RunstoreApplication;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server processes on one database, no page-token key configured: a next-page token one of them issued is
 * accepted by the other (they share the key the first start put in the database), once per database.
 */
abstract class SharedPageTokensTest {

    @LocalServerPort
    int port;
    @Autowired
    Environment environment;

    static void useDatabase(DynamicPropertyRegistry registry, DatabaseKind kind) {
        TestDatabase database = TestDatabases.create(kind);
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("runstore.grpc.port", () -> "0");
    }

    @Test
    void aNextPageTokenOfOneReplicaIsAcceptedByAnother() {
        Client first = Client.anonymous(port);
        for (int i = 0; i < 3; i++) {
            Client.Answer created = first.post("/apis/v2beta1/runs?namespace=shared", "{\"display_name\": \"run " + i
                    + "\", \"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}}");
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
        }
        Client.Answer page = first.get("/apis/v2beta1/runs?page_size=1");
        String token = page.json().get("next_page_token").asText();
        assertThat(token).isNotEmpty();

        try (ConfigurableApplicationContext replica = new SpringApplicationBuilder(RunstoreApplication.class)
                .profiles("query").run("--server.port=0",
                        "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                        "--spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
                        "--spring.datasource.password=" + environment.getProperty("spring.datasource.password", ""))) {
            int replicaPort = ((WebServerApplicationContext) replica).getWebServer().getPort();
            Client.Answer next = Client.anonymous(replicaPort).get("/apis/v2beta1/runs?page_size=1&page_token="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8));

            assertThat(next.status()).as(next.toString()).isEqualTo(200);
            assertThat(next.json().get("runs").get(0).get("run_id").asText())
                    .isNotEqualTo(page.json().get("runs").get(0).get("run_id").asText());
        }
    }
}
