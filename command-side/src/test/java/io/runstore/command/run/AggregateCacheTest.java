package io.runstore.command.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runstore.events.run.RunCreated;
import io.runstore.events.task.TaskCreated;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskType;
import io.runstore.events.task.TaskUpdated;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The aggregate cache holds runs up to its weight, each weighed by its size, not up to a count. */
class AggregateCacheTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void theCacheKeepsRunsUpToItsWeightAndNoMore() {
        long oneRun = entryOf("run-0", 30).weight;
        AggregateCache cache = new AggregateCache(10 * oneRun, runId -> Optional.empty());

        for (int i = 0; i < 100; i++) {
            cache.put("run-" + i, entryOf("run-" + i, 30).entry);
        }

        assertThat(cache.weight()).isLessThanOrEqualTo(10 * oneRun).isGreaterThan(5 * oneRun);
        long cached = IntStream.range(0, 100).filter(i -> cache.containsKey("run-" + i)).count();
        assertThat(cached).isBetween(6L, 10L);
    }

    @Test
    void aRunWeighsByItsTasksNotByTheirInputsAndOutputs() {
        Weighed thirty = entryOf("run-a", 30);
        Weighed thousand = entryOf("run-b", 1_000);

        assertThat(thousand.weight).isBetween(25 * thirty.weight, 40 * thirty.weight);
        assertThat(thirty.weight).as("30 tasks with 2 KB inputs and outputs each, about 7 KB without them")
                .isBetween(5_000L, 12_000L);
    }

    @Test
    void aHeavierVersionOfARunIsWeighedAgainWhenPutAgain() {
        AggregateCache cache = new AggregateCache(1 << 30, runId -> Optional.empty());
        cache.put("run-a", entryOf("run-a", 1).entry);
        long small = cache.weight();

        cache.put("run-a", entryOf("run-a", 100).entry);

        assertThat(cache.weight()).isGreaterThan(50 * small / 2);
    }

    private record Weighed(AggregateCacheEntry<Run> entry, long weight) {
    }

    private static Weighed entryOf(String runId, int tasks) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        events.add(message(runId, 0, new RunCreated(runId, "team-a", "exp-1", "train", "", null, null, null, "", "",
                null, NOW, NOW)));
        for (int i = 0; i < tasks; i++) {
            String taskId = String.format("%08d-0000-4000-8000-%012d", i, i);
            events.add(message(runId, events.size(), new TaskCreated(runId, taskId, new TaskDetails("task-" + i,
                    null, null, TaskType.RUNTIME, null, TaskState.RUNNING, null, null, NOW, null, null,
                    json(2048), null, null, null), NOW)));
            events.add(message(runId, events.size(), new TaskUpdated(runId, taskId, new TaskDetails(null, null,
                    null, null, null, TaskState.SUCCEEDED, null, null, null, NOW, null, null, json(2048), null,
                    null), NOW)));
        }
        EventSourcedAggregate<Run> aggregate = EventSourcedAggregate.initialize(new Run(),
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Run.class), null,
                NoSnapshotTriggerDefinition.TRIGGER);
        aggregate.initializeState(DomainEventStream.of(events));
        return new Weighed(new AggregateCacheEntry<>(aggregate), aggregate.getAggregateRoot().weight());
    }

    private static ObjectNode json(int bytes) {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        for (int i = 0; parameters.toString().length() < bytes; i++) {
            parameters.put("p" + i, "v".repeat(40) + i);
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("parameters", parameters);
        return node;
    }

    private static DomainEventMessage<?> message(String runId, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("Run", runId, sequence, payload);
    }
}
