package io.runstore.events.metric;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** New metrics of a run were accepted (a report's duplicates are not in it: the first report wins). */
@Revision("1")
public record MetricsReported(String runId, List<RunMetric> metrics, Instant reportedAt) {
}
