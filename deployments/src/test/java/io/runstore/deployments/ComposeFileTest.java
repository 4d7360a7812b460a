package io.runstore.deployments;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import java.util.Map;

import static io.runstore.deployments.KubernetesManifestsTest.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml renders with Compose (which validates it against the compose specification's schema) in each
 * of its profiles, and each profile is a whole setup: its database, Kafka, a one-shot migration that the roles wait
 * for, and the roles with health checks, connecting as the restricted database user; the publisher also waits for
 * Kafka and is pointed at it.
 */
class ComposeFileTest {

    private static final String COMPOSE = "docker compose or docker-compose (Debian: apt-get install docker-compose)";

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mysql"})
    void aProfileRendersAWholeSetup(String profile) {
        Tools.run(Tools.compose("--profile", profile, "config", "--quiet"), COMPOSE);
        Map<String, Object> services = map(new Yaml().load(
                Tools.run(Tools.compose("--profile", profile, "config"), COMPOSE)), "services");

        assertThat(services).containsKeys(profile, "kafka", profile + "-migrate");
        assertThat(map(services, profile)).containsKey("healthcheck");
        assertThat(map(services, "kafka")).containsKey("healthcheck");
        for (String role : new String[]{"command", "projector", "query", "publisher"}) {
            Map<String, Object> service = map(services, profile + "-" + role);
            assertThat(service.get("command").toString()).contains("--spring.profiles.active=" + role);
            assertThat(map(service, "healthcheck").get("test").toString()).contains("/actuator/health/readiness");
            assertThat(map(map(service, "depends_on"), profile + "-migrate"))
                    .containsEntry("condition", "service_completed_successfully");
            assertThat(map(service, "environment")).containsEntry("SPRING_DATASOURCE_USERNAME", "runstore_app")
                    .containsEntry("RUNSTORE_SCHEMA_MIGRATEONSTART", "false");
        }
        Map<String, Object> publisher = map(services, profile + "-publisher");
        assertThat(map(publisher, "environment")).containsEntry("RUNSTORE_PUBLISHER_BOOTSTRAPSERVERS", "kafka:9092");
        assertThat(map(map(publisher, "depends_on"), "kafka")).containsEntry("condition", "service_healthy");
        Map<String, Object> migrate = map(services, profile + "-migrate");
        assertThat(migrate.get("command").toString()).contains("--spring.profiles.active=migrate");
        assertThat(map(migrate, "environment")).containsEntry("SPRING_DATASOURCE_USERNAME", "runstore_migrator");
    }
}
