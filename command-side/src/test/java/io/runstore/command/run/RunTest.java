package io.runstore.command.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RunCreated;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

class RunTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00.123456Z");

    private AggregateTestFixture<Run> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Run.class);
    }

    @Test
    void createRecordsRunCreatedScheduledAtCreation() {
        PipelineVersionReference reference = new PipelineVersionReference("p-1", "v-1");
        fixture.givenNoPriorActivity()
                .when(new CreateRun("run-1", "team-a", "exp-1", "train", "", reference, null, null, "", "", null, NOW))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RunCreated("run-1", "team-a", "exp-1", "train", "", reference, null, null, "", "",
                        null, NOW, NOW));
    }

    @Test
    void createKeepsAnInlinePipelineSpec() {
        var spec = JsonNodeFactory.instance.objectNode().put("pipelineInfo", "demo");
        fixture.givenNoPriorActivity()
                .when(new CreateRun("run-2", "", "", "inline", "", null, spec, null, "", "", null, NOW))
                .expectEvents(new RunCreated("run-2", "", "", "inline", "", null, spec, null, "", "", null, NOW, NOW));
    }
}
