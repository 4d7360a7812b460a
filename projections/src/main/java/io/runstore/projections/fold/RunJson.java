package io.runstore.projections.fold;

import io.runstore.events.metric.MetricFormat;
import io.runstore.events.run.RpcStatus;
import io.runstore.events.run.RuntimeState;

import java.time.Instant;
import java.util.SortedMap;

/** The shapes of run_list's JSON columns (see the contract in V1__read_tables.sql). */
public final class RunJson {

    private RunJson() {
    }

    /** One entry of {@code state_history}. */
    record RuntimeStatus(Instant updateTime, RuntimeState state, RpcStatus error) {
    }

    /** One entry of {@code metrics}: a KFP v1 RunMetric. */
    public record Metric(String name, String nodeId, double numberValue, MetricFormat format) {
    }

    /** {@code task_summary}: the number of tasks and how many are in each state (sorted by state name). */
    record TaskSummary(int taskCount, SortedMap<String, Integer> byState) {
    }

    /** One entry of {@code resource_references}: a KFP v1 ResourceReference. */
    record ResourceReference(Key key, String relationship) {

        record Key(String type, String id) {
        }

        static ResourceReference of(String type, String id, String relationship) {
            return new ResourceReference(new Key(type, id), relationship);
        }
    }
}
