package io.runstore.bench.suite;

import java.nio.file.Path;

/**
 * One section of the benchmark report: it measures, writes its charts into the output directory (file names
 * starting with the profile's name) and returns its Markdown. Sections run one after the other, never together.
 */
public interface BenchmarkSection {

    String title();

    /** The section's Markdown, headed by a level-2 heading; charts referenced by file name. */
    String run(Profile profile, Path outputDirectory) throws Exception;
}
