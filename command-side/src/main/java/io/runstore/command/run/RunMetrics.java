package io.runstore.command.run;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.runstore.events.metric.MetricsReported;
import io.runstore.events.metric.RunMetric;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The metrics a run has accepted, and KFP v1's rules for reporting more: the name matches KFP's pattern, the node id
 * is 1 to 128 characters, the first report of a (node id, name) wins and a later one is answered as a duplicate, and
 * a run keeps at most {@value #LIMIT_PER_RUN}. Each metric is decided on its own. Part of the aggregate's snapshot.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class RunMetrics {

    public static final int LIMIT_PER_RUN = 50;
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z]([-_a-zA-Z0-9]{0,62}[a-zA-Z0-9])?$");
    private static final int NODE_ID_MAX = 128;

    private Set<Key> accepted = new HashSet<>();

    /** Decides every reported metric, in order; the accepted ones go into the event. */
    public Decision decide(List<RunMetric> reported) {
        Set<Key> known = new HashSet<>(accepted);
        List<RunMetric> newlyAccepted = new ArrayList<>();
        List<MetricResult> results = new ArrayList<>();
        for (RunMetric metric : reported) {
            String problem = problemWith(metric);
            Key key = new Key(metric.nodeId(), metric.name());
            if (problem != null) {
                results.add(result(metric, MetricResult.Status.INVALID_ARGUMENT, problem));
            } else if (known.contains(key)) {
                results.add(result(metric, MetricResult.Status.DUPLICATE_REPORTING, "metric " + metric.name()
                        + " of node " + metric.nodeId() + " was already reported; the first report wins"));
            } else if (known.size() >= LIMIT_PER_RUN) {
                results.add(result(metric, MetricResult.Status.INVALID_ARGUMENT,
                        "the run already has " + LIMIT_PER_RUN + " metrics, the most a run can have"));
            } else {
                known.add(key);
                newlyAccepted.add(metric);
                results.add(result(metric, MetricResult.Status.OK, null));
            }
        }
        return new Decision(newlyAccepted, results);
    }

    public void reported(MetricsReported event) {
        event.metrics().forEach(metric -> accepted.add(new Key(metric.nodeId(), metric.name())));
    }

    /** About the bytes of heap the accepted metrics take (the aggregate cache's weight). */
    long weight() {
        long weight = 64;
        for (Key key : accepted) {
            weight += 144 + key.nodeId().length() + key.name().length();
        }
        return weight;
    }

    private static String problemWith(RunMetric metric) {
        if (metric.name() == null || !NAME.matcher(metric.name()).matches()) {
            return "metric.name '" + metric.name() + "' does not match the pattern " + NAME.pattern();
        }
        if (metric.nodeId() == null || metric.nodeId().isEmpty()) {
            return "metric.node_id must not be empty";
        }
        if (metric.nodeId().length() > NODE_ID_MAX) {
            return "metric.node_id cannot be longer than " + NODE_ID_MAX + " characters";
        }
        if (!Double.isFinite(metric.numberValue())) {
            return "metric.number_value must be a finite number";
        }
        return null;
    }

    private static MetricResult result(RunMetric metric, MetricResult.Status status, String message) {
        return new MetricResult(metric.name(), metric.nodeId(), status, message);
    }

    /** The metrics to record and the answer for each reported one. */
    public record Decision(List<RunMetric> accepted, List<MetricResult> results) {
    }

    record Key(String nodeId, String name) {
    }
}
