package io.runstore.events.run;

/** The pipeline (and optionally the version) a run executes. */
public record PipelineVersionReference(String pipelineId, String pipelineVersionId) {
}
