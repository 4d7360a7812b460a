package io.runstore.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * KFP's run-with-task-api.swagger.json definitions as JSON schemas (draft 4, as swagger 2.0 uses), made strict: every
 * object refuses properties the definition does not name, so a misspelt or extra field fails validation too.
 */
public final class SwaggerSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode DEFINITIONS = strict(load().get("definitions"));

    private SwaggerSchemas() {
    }

    /** The validation errors of {@code json} against definition {@code name}; empty when it conforms. */
    public static Set<ValidationMessage> validate(String name, String json) throws IOException {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$ref", "#/definitions/" + name);
        schema.set("definitions", DEFINITIONS);
        JsonSchema compiled = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
        return compiled.validate(JSON.readTree(json));
    }

    private static JsonNode load() {
        try (InputStream in = SwaggerSchemas.class.getResourceAsStream("/kfp-api/run-with-task-api.swagger.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode strict(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.has("properties") && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            object.forEach(SwaggerSchemas::strict);
        } else if (node.isArray()) {
            node.forEach(SwaggerSchemas::strict);
        }
        return node;
    }
}
