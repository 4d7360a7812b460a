package io.runstore.deployments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every kustomization under k8s/ renders with kustomize (kubectl's) and every object it renders validates against
 * the Kubernetes schema of its kind; on top, what the deployment promises: each role has resources, probes from
 * Actuator's liveness and readiness groups, a non-root user, a PodDisruptionBudget; the roles connect as the
 * restricted database user and the migration Job with its own credentials; no Secret is defined in the repository,
 * and every ConfigMap a workload names is rendered with it.
 */
class KubernetesManifestsTest {

    private static final String KUBECTL = "kubectl (the machine image has it; or kustomize v5 from its releases)";
    private static final Set<String> ROLES = Set.of("command", "projector", "query");

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/postgresql", "k8s/overlays/mysql"})
    void anOverlayRendersValidObjectsForEveryRoleAndItsDatabase(String overlay) {
        List<Map<String, Object>> objects = render(Tools.repositoryRoot().resolve(overlay));

        objects.forEach(KubernetesSchemas::validate);
        assertRolesAndReferences(objects);
        assertThat(names(objects, "StatefulSet")).containsExactly("runstore-" + Path.of(overlay).getFileName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/postgresql", "k8s/overlays/mysql"})
    void anOverlayWithTheKafkaComponentAddsTheBroker(String overlay, @TempDir Path dir) throws IOException {
        Path root = Tools.repositoryRoot();
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [%s]
                components: [%s]
                """.formatted(dir.relativize(root.resolve(overlay)), dir.relativize(root.resolve("k8s/components/kafka"))));

        List<Map<String, Object>> objects = render(dir, "--load-restrictor=LoadRestrictionsNone");

        objects.forEach(KubernetesSchemas::validate);
        assertRolesAndReferences(objects);
        assertThat(names(objects, "StatefulSet")).contains("runstore-kafka");
        Map<String, Object> publisher = objects.stream().filter(object -> "Deployment".equals(object.get("kind"))
                && "runstore-publisher".equals(map(object, "metadata").get("name"))).findFirst().orElseThrow();
        assertThat(map(map(publisher, "spec"), "strategy")).as("one publisher at a time")
                .containsEntry("type", "Recreate");
        assertThat(map(publisher, "spec")).containsEntry("replicas", 1);
        assertThat(containers(publisher).get(0).get("args").toString())
                .contains("--spring.profiles.active=publisher");
        Map<String, Object> publisherConfig = objects.stream()
                .filter(object -> "ConfigMap".equals(object.get("kind"))
                        && map(object, "metadata").get("name").toString().startsWith("runstore-publisher"))
                .findFirst().orElseThrow();
        assertThat(map(publisherConfig, "data")).containsEntry("RUNSTORE_PUBLISHER_BOOTSTRAPSERVERS",
                "runstore-kafka-0.runstore-kafka:9092");
    }

    @Test
    void theBaseRendersValidObjects() {
        List<Map<String, Object>> objects = render(Tools.repositoryRoot().resolve("k8s/base"));

        objects.forEach(KubernetesSchemas::validate);
        assertThat(names(objects, "Deployment")).containsExactlyInAnyOrder(
                "runstore-command", "runstore-projector", "runstore-query");
    }

    @Test
    void theSchemaCheckRejectsAFieldKubernetesDoesNotHave() {
        Map<String, Object> deployment = render(Tools.repositoryRoot().resolve("k8s/base")).stream()
                .filter(object -> "Deployment".equals(object.get("kind"))).findFirst().orElseThrow();
        map(deployment, "spec").put("replica", 2);

        assertThatThrownBy(() -> KubernetesSchemas.validate(deployment))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replica");
    }

    @Test
    void theSchemaCheckRejectsAContainerWithoutAName() {
        Map<String, Object> deployment = render(Tools.repositoryRoot().resolve("k8s/base")).stream()
                .filter(object -> "Deployment".equals(object.get("kind"))).findFirst().orElseThrow();
        containers(deployment).get(0).remove("name");

        assertThatThrownBy(() -> KubernetesSchemas.validate(deployment))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
    }

    private static void assertRolesAndReferences(List<Map<String, Object>> objects) {
        assertThat(names(objects, "Secret")).as("secrets are referenced, never defined in the repository").isEmpty();
        Set<String> configMaps = names(objects, "ConfigMap");
        assertThat(names(objects, "Deployment")).containsAll(
                ROLES.stream().map(role -> "runstore-" + role).toList());

        for (Map<String, Object> object : objects) {
            String kind = (String) object.get("kind");
            if (!Set.of("Deployment", "StatefulSet", "Job").contains(kind)) {
                continue;
            }
            String name = (String) map(object, "metadata").get("name");
            assertThat(configMapsNamedBy(object)).as(name + " names only rendered ConfigMaps").isSubsetOf(configMaps);
            if ("Deployment".equals(kind) && name.startsWith("runstore-")) {
                assertRole(object, name, objects);
            }
            if ("Job".equals(kind)) {
                assertThat(secretsNamedBy(object)).as(name + " migrates with its own credentials")
                        .contains("runstore-db-migrator").doesNotContain("runstore-db-app");
            }
        }
    }

    private static void assertRole(Map<String, Object> deployment, String name, List<Map<String, Object>> objects) {
        Map<String, Object> podSpec = map(map(map(deployment, "spec"), "template"), "spec");
        assertThat(map(podSpec, "securityContext")).as(name).containsEntry("runAsNonRoot", true);
        for (Map<String, Object> container : containers(deployment)) {
            Map<String, Object> resources = map(container, "resources");
            assertThat(map(resources, "requests")).as(name + " requests").containsKeys("cpu", "memory");
            assertThat(map(resources, "limits")).as(name + " limits").containsKey("memory");
            assertThat(map(map(container, "livenessProbe"), "httpGet")).as(name)
                    .containsEntry("path", "/actuator/health/liveness");
            assertThat(map(map(container, "readinessProbe"), "httpGet")).as(name)
                    .containsEntry("path", "/actuator/health/readiness");
        }
        assertThat(secretsNamedBy(deployment)).as(name + " connects as the restricted user")
                .contains("runstore-db-app").doesNotContain("runstore-db-migrator");
        Object labels = map(map(deployment, "spec"), "selector").get("matchLabels");
        assertThat(objects.stream().filter(object -> "PodDisruptionBudget".equals(object.get("kind")))
                .map(pdb -> map(map(pdb, "spec"), "selector").get("matchLabels")))
                .as(name + " has a PodDisruptionBudget").contains(labels);
    }

    private static Set<String> configMapsNamedBy(Object node) {
        Set<String> names = new java.util.TreeSet<>();
        collect(node, "configMapRef", names);
        collect(node, "configMapKeyRef", names);
        collect(node, "configMap", names);
        return names;
    }

    private static Set<String> secretsNamedBy(Object node) {
        Set<String> names = new java.util.TreeSet<>();
        collect(node, "secretKeyRef", names);
        collect(node, "secretRef", names);
        return names;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, String key, Set<String> names) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (key.equals(k) && v instanceof Map<?, ?> ref && ref.get("name") != null) {
                    names.add((String) ref.get("name"));
                }
                collect(v, key, names);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, key, names));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> containers(Map<String, Object> workload) {
        return (List<Map<String, Object>>) map(map(map(workload, "spec"), "template"), "spec").get("containers");
    }

    private static Set<String> names(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind")))
                .map(object -> (String) map(object, "metadata").get("name"))
                .collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> object, String key) {
        Object value = object.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> render(Path kustomization, String... options) {
        List<String> command = new ArrayList<>(List.of("kubectl", "kustomize"));
        command.addAll(List.of(options));
        command.add(kustomization.toString());
        String yaml = Tools.run(command, KUBECTL);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document != null) {
                objects.add((Map<String, Object>) document);
            }
        }
        assertThat(objects).as(kustomization + " renders objects").isNotEmpty();
        return objects;
    }
}
