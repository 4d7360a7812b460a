package io.runstore.command.run;

import io.runstore.events.run.RpcStatus;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.task.TaskDetails;

import java.time.Instant;
import java.util.List;

/**
 * What a workflow report says about a run, read from the Argo Workflow the persistence agent sent: the run's state
 * (with the time it was reached and the workflow's message as the error of a failed run) and one task per status
 * node, parents before their children. {@code recurringRunId} is set when a recurring run (a ScheduledWorkflow)
 * started the workflow: such a run is created by its first report.
 */
public record ReportedWorkflow(
        String runId,
        String name,
        String namespace,
        String recurringRunId,
        Instant createdAt,
        Instant scheduledAt,
        RuntimeState state,
        RpcStatus error,
        Instant stateTime,
        List<Node> nodes) {

    /** A status node of the workflow as a task of the run, under the node's id. */
    public record Node(String taskId, TaskDetails task) {
    }
}
