package io.runstore.command.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.runstore.api.ErrorCode;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.CreateRun;
import io.runstore.events.run.PipelineVersionReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreateRunRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final PipelineVersionReference PIPELINE = new PipelineVersionReference("p-1", null);

    @Test
    void displayNameIsRequired() {
        assertRejected(request("  ", "exp", "team-a"), "display_name is required");
    }

    @Test
    void aPipelineIsRequired() {
        assertRejected(new CreateRunRequest("run", null, null, null, null, null, null, null, null, null, null, null,
                null), "pipeline_version_reference or pipeline_spec is required");
    }

    @Test
    void namespaceMustBeAKubernetesName() {
        assertRejected(request("run", "exp", "Team_A"), "namespace");
    }

    @Test
    void experimentIdMustBeAnId() {
        assertRejected(request("run", "exp with spaces", "team-a"), "experiment_id");
    }

    @Test
    void queryParametersWinOverEmptyBodyFields() {
        CreateRun command = request("run", null, null).toCommand("exp-9", "team-b");
        assertThat(command.experimentId()).isEqualTo("exp-9");
        assertThat(command.namespace()).isEqualTo("team-b");
        assertThat(command.runId()).isNotBlank();
        assertThat(command.createdAt().getNano() % 1000).isZero();
    }

    @Test
    void conflictingExperimentIdsAreRejected() {
        assertThatThrownBy(() -> request("run", "exp-1", null).toCommand("exp-2", null))
                .hasMessageContaining("experiment_id");
    }

    @Test
    void pipelineSpecMustBeAnObject() {
        assertRejected(new CreateRunRequest("run", null, null, null, null, null,
                JsonNodeFactory.instance.textNode("spec"), null, null, null, null, null, null), "pipeline_spec");
    }

    @Test
    void unknownFieldsAreRefusedAsKfpRefusesThem() {
        assertReadRejected("{\"display_name\": \"r\", \"pipeline_spec\": {\"a\": 1}, \"colour\": \"red\"}",
                "colour: unknown field");
        assertReadRejected("{\"display_name\": \"r\", \"pipeline_version_reference\": {\"pipeline_id\": \"p\", "
                + "\"version\": \"v\"}}", "pipeline_version_reference.version: unknown field");
    }

    @Test
    void bothMembersOfThePipelineSourceOneofAreRefused() {
        assertReadRejected("{\"display_name\": \"r\", \"pipeline_spec\": {\"a\": 1}, "
                + "\"pipeline_version_reference\": {\"pipeline_id\": \"p\"}}", "pipeline_source");
        assertReadRejected("{\"display_name\": \"r\", \"pipeline_version_id\": \"v\", "
                + "\"pipeline_version_reference\": {\"pipeline_id\": \"p\"}}", "pipeline_source");
    }

    @Test
    void pluginsOutputIsOutputOnly() {
        assertReadRejected("{\"display_name\": \"r\", \"pipeline_spec\": {\"a\": 1}, \"plugins_output\": {}}",
                "plugins_output is output only");
    }

    @Test
    void lowerCamelCaseNamesAreReadAsProtojsonReadsThem() throws Exception {
        CreateRun command = CreateRunRequest.read(JSON.readTree("""
                {"displayName": "camel", "experimentId": "exp-1", "serviceAccount": "sa",
                 "pipelineVersionReference": {"pipelineId": "p-1", "pipelineVersionId": "v-1"},
                 "runtimeConfig": {"pipelineRoot": "s3://b", "parameters": {"learningRate": 1}},
                 "runId": "echoed", "createdAt": "2026-01-01T00:00:00Z"}"""), JSON).toCommand(null, null);
        assertThat(command.displayName()).isEqualTo("camel");
        assertThat(command.experimentId()).isEqualTo("exp-1");
        assertThat(command.serviceAccount()).isEqualTo("sa");
        assertThat(command.pipelineVersionReference().pipelineVersionId()).isEqualTo("v-1");
        assertThat(command.runtimeConfig().pipelineRoot()).isEqualTo("s3://b");
        assertThat(command.runtimeConfig().parameters().has("learningRate")).as("parameters keep their names").isTrue();
        assertReadRejected("{\"display_name\": \"r\", \"displayName\": \"s\", \"pipeline_spec\": {\"a\": 1}}",
                "given twice");
    }

    private static void assertReadRejected(String body, String message) {
        assertThatThrownBy(() -> CreateRunRequest.read(JSON.readTree(body), JSON).toCommand(null, null))
                .isInstanceOf(CommandRejectedException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((CommandRejectedException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    private static CreateRunRequest request(String name, String experiment, String namespace) {
        return new CreateRunRequest(name, null, experiment, namespace, PIPELINE, null, null, null, null, null, null,
                null, null);
    }

    private static void assertRejected(CreateRunRequest request, String message) {
        assertThatThrownBy(() -> request.toCommand(null, null))
                .isInstanceOf(CommandRejectedException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((CommandRejectedException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
}
