package io.runstore.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /apis/v2beta1/openapi.json}: the API this server serves, as a swagger 2.0 document. It is KFP's
 * run-with-task-api contract with runstore's additions ({@code openapi/runstore-additions.json}) merged in: the
 * {@code :reportState} and {@code :reportMetrics} paths, the Idempotency-Key header on every write, the consistency
 * token header on every write's answer, and the error answers the command API gives.
 */
@RestController
class OpenApiController {

    private static final Set<String> WRITES = Set.of("post", "put", "patch", "delete");
    /** Served by the query side: a POST that writes nothing. */
    private static final Set<String> READS_BY_POST = Set.of("find_cached_task");

    private final String document;

    OpenApiController(ObjectMapper json) {
        this.document = merged(json).toPrettyString();
    }

    @GetMapping(path = "/apis/v2beta1/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    String openApi() {
        return document;
    }

    static ObjectNode merged(ObjectMapper json) {
        ObjectNode kfp = (ObjectNode) read(json, "openapi/kfp-run-with-task-api.swagger.json");
        JsonNode additions = read(json, "openapi/runstore-additions.json");
        kfp.set("info", additions.get("info"));
        kfp.withObject("/paths").setAll((ObjectNode) additions.get("paths"));
        kfp.withObject("/definitions").setAll((ObjectNode) additions.get("definitions"));
        kfp.withObject("/parameters").setAll((ObjectNode) additions.get("parameters"));
        for (Iterator<Map.Entry<String, JsonNode>> paths = kfp.get("paths").fields(); paths.hasNext(); ) {
            for (Iterator<Map.Entry<String, JsonNode>> operations = paths.next().getValue().fields();
                 operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                if (WRITES.contains(operation.getKey()) && !READS_BY_POST.contains(operation.getValue().path("operationId").asText())) {
                    describeWrite((ObjectNode) operation.getValue(), additions);
                }
            }
        }
        return kfp;
    }

    private static void describeWrite(ObjectNode operation, JsonNode additions) {
        ArrayNode parameters = operation.withArray("parameters");
        parameters.addObject().put("$ref", "#/parameters/IdempotencyKey");
        ObjectNode responses = operation.withObject("/responses");
        responses.withObject("/200").withObject("/headers").setAll((ObjectNode) additions.get("consistencyTokenHeader"));
        additions.get("errorResponses").fields().forEachRemaining(error -> responses.set(error.getKey(), error.getValue()));
    }

    private static JsonNode read(ObjectMapper json, String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
