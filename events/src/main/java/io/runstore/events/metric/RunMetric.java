package io.runstore.events.metric;

/** One metric of a run, reported by the node (task) that produced it. */
public record RunMetric(String nodeId, String name, double numberValue, MetricFormat format) {
}
