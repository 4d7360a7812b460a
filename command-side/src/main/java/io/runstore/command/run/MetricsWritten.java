package io.runstore.command.run;

import java.util.List;

/** The result of a metrics report: one result per reported metric, in the order reported. */
public record MetricsWritten(String runId, long sequence, List<MetricResult> results) implements Written {
}
