package io.runstore.command.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.runstore.api.ErrorCode;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.CreateRun;
import io.runstore.events.run.PipelineVersionReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreateRunRequestTest {

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
