package io.runstore.command.web;

import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.ReportMetrics;
import io.runstore.events.metric.MetricFormat;
import io.runstore.events.metric.RunMetric;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The body of {@code :reportMetrics}, as KFP v1's ReportRunMetricsRequest: {@code {"metrics": [...]}}. */
record ReportMetricsRequest(List<Metric> metrics) {

    ReportMetrics toCommand(String runId, Instant at) {
        List<RunMetric> reported = new ArrayList<>();
        if (metrics != null) {
            for (int i = 0; i < metrics.size(); i++) {
                Metric metric = metrics.get(i);
                if (metric == null) {
                    throw CommandRejectedException.invalidArgument("metrics[" + i + "]: wrong type, expected an object");
                }
                reported.add(new RunMetric(metric.nodeId(), metric.name(),
                        metric.numberValue() == null ? 0 : metric.numberValue(),
                        metric.format() == null ? MetricFormat.UNSPECIFIED : metric.format()));
            }
        }
        return new ReportMetrics(runId, reported, at);
    }

    /** KFP v1 RunMetric; an absent number_value is 0 and an absent format UNSPECIFIED, as in protobuf. */
    record Metric(String name, String nodeId, Double numberValue, MetricFormat format) {
    }
}
