package io.runstore.events.run;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A run was created, in state PENDING and storage state AVAILABLE. Either {@code pipelineVersionReference} or
 * {@code pipelineSpec} (a JSON object) names what it runs. {@code namespace} is empty in single-user deployments.
 */
@Revision("1")
public record RunCreated(
        String runId,
        String namespace,
        String experimentId,
        String displayName,
        String description,
        PipelineVersionReference pipelineVersionReference,
        JsonNode pipelineSpec,
        RuntimeConfig runtimeConfig,
        String serviceAccount,
        String recurringRunId,
        JsonNode pluginsInput,
        Instant createdAt,
        Instant scheduledAt) {
}
