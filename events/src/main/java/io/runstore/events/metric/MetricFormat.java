package io.runstore.events.metric;

/** KFP v1 {@code RunMetric.Format}. */
public enum MetricFormat {
    UNSPECIFIED,
    RAW,
    PERCENTAGE
}
