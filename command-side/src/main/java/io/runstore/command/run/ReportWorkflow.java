package io.runstore.command.run;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The persistence agent reports the workflow of a run: whatever it says that the run does not know yet becomes
 * events, whatever would move the run or a task backwards (an older report arriving late) is left out.
 */
public record ReportWorkflow(@TargetAggregateIdentifier String runId, ReportedWorkflow workflow, Instant at) {
}
