package io.runstore.command.run;

/** KFP v1 {@code ReportRunMetricsResponse.ReportRunMetricResult}: what became of one reported metric. */
public record MetricResult(String metricName, String metricNodeId, Status status, String message) {

    /** KFP's statuses (INTERNAL_ERROR is never given: a metric is accepted with its run's events, or nothing is). */
    public enum Status {
        UNSPECIFIED,
        OK,
        INVALID_ARGUMENT,
        DUPLICATE_REPORTING,
        INTERNAL_ERROR
    }
}
