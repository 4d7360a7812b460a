package io.runstore.testsupport.runs;

/** The pipeline version a run was created from. */
public record GeneratedPipeline(String pipelineId, String pipelineVersionId, String name) {
}
