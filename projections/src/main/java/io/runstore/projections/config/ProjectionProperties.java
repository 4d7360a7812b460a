package io.runstore.projections.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code runstore.projection.*}: how the run-list projector batches.
 *
 * @param batchSize    events per batch (one transaction, one statement per table)
 * @param segments     segments of the processor when it first starts (its token rows keep them afterwards)
 * @param pollInterval how often a caught-up processor compares the head of the event log with its position
 */
@ConfigurationProperties("runstore.projection")
record ProjectionProperties(Integer batchSize, Integer segments, Duration pollInterval) {

    ProjectionProperties {
        batchSize = batchSize == null ? 500 : batchSize;
        segments = segments == null ? 2 : segments;
        pollInterval = pollInterval == null ? Duration.ofMillis(20) : pollInterval;
    }
}
