package io.runstore.events.task;

import com.fasterxml.jackson.databind.JsonNode;

/** A task's status message and custom properties (a JSON object or null). */
public record TaskStatusMetadata(String message, JsonNode customProperties) {
}
