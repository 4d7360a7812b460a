package io.runstore.bench.append;

import com.fasterxml.jackson.databind.JsonNode;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RunCreated;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** The benchmark's aggregate: one create command, one {@link RunCreated} event (as the server's create path). */
class BenchRun {

    @AggregateIdentifier
    private String runId;

    BenchRun() {
    }

    @CommandHandler
    BenchRun(CreateBenchRun command) {
        Instant now = Instant.now();
        apply(new RunCreated(command.runId(), "bench", "experiment-1", command.displayName(), "benchmark run",
                new PipelineVersionReference("pipeline-1", "version-1"), command.pipelineSpec(), null, "runner", "",
                null, now, now));
    }

    @EventSourcingHandler
    void on(RunCreated event) {
        runId = event.runId();
    }

    record CreateBenchRun(@TargetAggregateIdentifier String runId, String displayName, JsonNode pipelineSpec) {
    }
}
