package io.runstore.testsupport.runs;

/**
 * The sizes, in characters, of a run's large texts, and the seed their contents are written from
 * ({@link ManifestText}): the pipeline spec (5-50 KB, median 5 KB), the compiled Argo workflow and the runtime
 * workflow with its status (18-90 KB each).
 */
public record ManifestSizes(int pipelineSpec, int workflowSpec, int workflowRuntime, long contentSeed) {
}
