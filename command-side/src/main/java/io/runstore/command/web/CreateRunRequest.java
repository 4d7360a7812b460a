package io.runstore.command.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.CreateRun;
import io.runstore.command.run.ServerClock;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RuntimeConfig;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.run.StorageState;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /apis/v2beta1/runs}: a KFP v2beta1 Run. Output-only fields a client may echo back
 * (run_id, state, storage_state, created_at, ...) are ignored, but must be well-formed. {@code namespace} is runstore's addition (KFP derives it from the
 * experiment); the {@code namespace} query parameter sets it too.
 */
record CreateRunRequest(
        String displayName,
        String description,
        String experimentId,
        String namespace,
        PipelineVersionReference pipelineVersionReference,
        String pipelineVersionId,
        JsonNode pipelineSpec,
        RuntimeConfig runtimeConfig,
        String serviceAccount,
        String recurringRunId,
        JsonNode pluginsInput,
        RuntimeState state,
        StorageState storageState) {

    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][-_.A-Za-z0-9]{0,63}");

    /**
     * Reads a body as KFP's gateway does: proto or lowerCamelCase names, unknown fields refused (see
     * {@link RunJsonFields}); a wrong type is a 400 naming the field.
     */
    static CreateRunRequest read(JsonNode body, ObjectMapper json) {
        try {
            return json.treeToValue(RunJsonFields.normalized(body), CreateRunRequest.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            Throwable cause = e instanceof IllegalArgumentException && e.getCause() != null ? e.getCause() : e;
            throw invalid(ApiErrors.describe(cause));
        }
    }

    /** Checks every field and turns the request into a command; the first problem found is a 400 naming its field. */
    CreateRun toCommand(String experimentIdParameter, String namespaceParameter) {
        String experiment = firstNonBlank(experimentIdParameter, experimentId);
        String space = firstNonBlank(namespaceParameter, namespace);
        if (experimentIdParameter != null && experimentId != null && !experimentIdParameter.equals(experimentId)) {
            throw invalid("experiment_id: the query parameter and the body disagree");
        }
        if (displayName == null || displayName.isBlank()) {
            throw invalid("display_name is required");
        }
        requireLength("display_name", displayName, 255);
        requireLength("description", description, 10_000);
        requireLength("service_account", serviceAccount, 255);
        requireIdentifier("experiment_id", experiment);
        requireIdentifier("recurring_run_id", recurringRunId);
        if (space != null && !NAMESPACE.matcher(space).matches()) {
            throw invalid("namespace: '" + space + "' is not a valid Kubernetes namespace name");
        }
        int sources = (pipelineVersionReference != null ? 1 : 0) + (pipelineSpec != null ? 1 : 0)
                + (pipelineVersionId != null ? 1 : 0);
        if (sources > 1) {
            throw invalid("pipeline_source: give one of pipeline_version_reference, pipeline_spec or (deprecated) "
                    + "pipeline_version_id, not " + sources);
        }
        if (pipelineVersionReference != null && (pipelineVersionReference.pipelineId() == null
                || pipelineVersionReference.pipelineId().isEmpty())) {
            throw invalid("pipeline_version_reference.pipeline_id is required");
        }
        PipelineVersionReference reference = pipelineVersionReference;
        if (reference == null && pipelineVersionId != null) {
            reference = new PipelineVersionReference(null, pipelineVersionId);
        }
        if (reference != null) {
            requireIdentifier("pipeline_version_reference.pipeline_id", reference.pipelineId());
            requireIdentifier("pipeline_version_reference.pipeline_version_id", reference.pipelineVersionId());
        }
        if (pipelineSpec != null && !pipelineSpec.isObject()) {
            throw invalid("pipeline_spec: wrong type, expected an object");
        }
        if (reference == null && (pipelineSpec == null || pipelineSpec.isEmpty())) {
            throw invalid("pipeline_version_reference or pipeline_spec is required");
        }
        if (runtimeConfig != null && runtimeConfig.parameters() != null && !runtimeConfig.parameters().isObject()) {
            throw invalid("runtime_config.parameters: wrong type, expected an object");
        }
        if (pluginsInput != null && !pluginsInput.isObject()) {
            throw invalid("plugins_input: wrong type, expected an object");
        }
        return new CreateRun(UUID.randomUUID().toString(), orEmpty(space), orEmpty(experiment), displayName,
                orEmpty(description), reference, pipelineSpec, runtimeConfig, orEmpty(serviceAccount),
                orEmpty(recurringRunId), pluginsInput, ServerClock.now());
    }

    private static void requireLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw invalid(field + ": at most " + max + " characters");
        }
    }

    private static void requireIdentifier(String field, String value) {
        if (value != null && !value.isEmpty() && !IDENTIFIER.matcher(value).matches()) {
            throw invalid(field + ": '" + value + "' is not a valid id (letters, digits, '-', '_', '.', at most 64)");
        }
    }

    private static String firstNonBlank(String first, String second) {
        return first != null && !first.isBlank() ? first : second;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static CommandRejectedException invalid(String message) {
        return CommandRejectedException.invalidArgument(message);
    }
}
