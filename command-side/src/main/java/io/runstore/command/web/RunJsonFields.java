package io.runstore.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runstore.command.run.CommandRejectedException;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The field names of a CreateRun body as KFP's gateway (protojson) reads them: the proto name ({@code display_name})
 * or its JSON name ({@code displayName}), nothing else. Unknown fields and {@code plugins_output} (written by the
 * backend) are refused; the output-only fields a client may echo back from a GetRun are let through (and ignored).
 */
final class RunJsonFields {

    private static final Set<String> RUN = Set.of("display_name", "description", "experiment_id", "namespace",
            "pipeline_version_reference", "pipeline_version_id", "pipeline_spec", "runtime_config", "service_account",
            "recurring_run_id", "plugins_input", "state", "storage_state");
    /** Output only: a client may echo them from a GetRun; left out. */
    private static final Set<String> ECHOED = Set.of("run_id", "created_at", "scheduled_at", "finished_at", "error",
            "run_details", "state_history", "task_count", "tasks", "pipeline_reference");
    private static final Map<String, Set<String>> NESTED = Map.of(
            "pipeline_version_reference", Set.of("pipeline_id", "pipeline_version_id"),
            "runtime_config", Set.of("parameters", "pipeline_root"));

    private RunJsonFields() {
    }

    /** The body with every field under its proto name; a 400 naming the first unknown or repeated field. */
    static ObjectNode normalized(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw CommandRejectedException.invalidArgument("request body: expected a JSON object (a Run)");
        }
        ObjectNode run = normalized(body, RUN, "");
        NESTED.forEach((field, names) -> {
            JsonNode nested = run.get(field);
            if (nested != null && nested.isObject()) {
                run.set(field, normalized(nested, names, field + "."));
            }
        });
        return run;
    }

    private static ObjectNode normalized(JsonNode object, Set<String> known, String at) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = protoName(field.getKey());
            if (name.equals("plugins_output")) {
                throw CommandRejectedException.invalidArgument(at + "plugins_output is output only: the backend "
                        + "writes it, a request may not set it");
            }
            if (known == RUN && ECHOED.contains(name)) {
                continue;
            }
            if (!known.contains(name)) {
                throw CommandRejectedException.invalidArgument(at + field.getKey() + ": unknown field");
            }
            if (result.has(name)) {
                throw CommandRejectedException.invalidArgument(at + name + ": given twice (as " + name + " and in "
                        + "lowerCamelCase)");
            }
            result.set(name, field.getValue());
        }
        return result;
    }

    /** {@code displayName} -> {@code display_name}; a snake_case name stays as it is. */
    static String protoName(String name) {
        StringBuilder snake = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                snake.append('_').append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.toString().toLowerCase(Locale.ROOT);
    }
}
