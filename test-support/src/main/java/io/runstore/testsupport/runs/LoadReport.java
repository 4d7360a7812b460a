package io.runstore.testsupport.runs;

import java.time.Duration;

/**
 * What loading a data set into one system's tables took.
 *
 * @param rows      rows written, all tables together
 * @param textBytes characters of text written (JSON payloads, manifests, names): the volume the database stored
 * @param writing   time to write the rows
 * @param indexing  time to build the secondary indexes and statistics afterwards
 */
public record LoadReport(String system, int runs, long rows, long textBytes, Duration writing, Duration indexing) {

    public double runsPerSecond() {
        return runs / seconds(writing.plus(indexing));
    }

    public double megabytesPerSecond() {
        return textBytes / 1e6 / seconds(writing.plus(indexing));
    }

    private static double seconds(Duration duration) {
        return Math.max(duration.toNanos(), 1) / 1e9;
    }
}
