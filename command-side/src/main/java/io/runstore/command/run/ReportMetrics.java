package io.runstore.command.run;

import io.runstore.events.metric.RunMetric;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Report metrics of a run as they came: each one is accepted, or refused as invalid or duplicate, on its own. */
public record ReportMetrics(@TargetAggregateIdentifier String runId, List<RunMetric> metrics, Instant at) {
}
