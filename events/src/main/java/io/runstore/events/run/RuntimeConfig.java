package io.runstore.events.run;

import com.fasterxml.jackson.databind.JsonNode;

/** Runtime parameters (a JSON object of name to value) and the pipeline root of a run. */
public record RuntimeConfig(JsonNode parameters, String pipelineRoot) {
}
