package io.runstore.deployments;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;

import java.io.IOException;
import java.util.Map;

/**
 * Validates an object against the Kubernetes API's OpenAPI schema of its kind, through the models the Kubernetes Java
 * client generates from that spec: a field the schema does not have, a required field missing or a value of the
 * wrong type is an error naming the field.
 */
final class KubernetesSchemas {

    interface Validator {
        void validate(JsonElement json) throws IOException;
    }

    private static final Map<String, Validator> BY_KIND = Map.of(
            "apps/v1 Deployment", V1Deployment::validateJsonElement,
            "apps/v1 StatefulSet", V1StatefulSet::validateJsonElement,
            "v1 Service", V1Service::validateJsonElement,
            "v1 ConfigMap", V1ConfigMap::validateJsonElement,
            "v1 Secret", V1Secret::validateJsonElement,
            "batch/v1 Job", V1Job::validateJsonElement,
            "policy/v1 PodDisruptionBudget", V1PodDisruptionBudget::validateJsonElement);

    private KubernetesSchemas() {
    }

    /** @throws IllegalArgumentException naming the object and what is wrong with it */
    static void validate(Map<String, Object> object) {
        String kind = object.get("apiVersion") + " " + object.get("kind");
        Validator validator = BY_KIND.get(kind);
        String name = kind + " " + ((Map<?, ?>) object.get("metadata")).get("name");
        if (validator == null) {
            throw new IllegalArgumentException(name + ": no schema for this kind here (add it to KubernetesSchemas)");
        }
        try {
            validator.validate(new Gson().toJsonTree(object));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }
}
