package io.runstore.command.run;

import io.runstore.events.EventJson;
import io.runstore.events.metric.MetricFormat;
import io.runstore.events.metric.MetricsReported;
import io.runstore.events.metric.RunMetric;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RpcStatus;
import io.runstore.events.run.RunArchived;
import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RunRetried;
import io.runstore.events.run.RunStateReported;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.task.TaskCreated;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskPod;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskType;
import io.runstore.events.task.TaskUpdated;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A Run is its own snapshot: written by the Jackson serializer the server uses, read back with every field. */
class RunSnapshotTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00.123456Z");

    @Test
    void aRunReadBackFromItsJacksonSnapshotEqualsTheRunItWasTakenFrom() {
        AggregateModel<Run> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(Run.class);
        EventSourcedAggregate<Run> aggregate = EventSourcedAggregate.initialize(new Run(), model, null,
                org.axonframework.eventsourcing.NoSnapshotTriggerDefinition.TRIGGER);
        aggregate.initializeState(DomainEventStream.of(history()));
        Serializer serializer = JacksonSerializer.builder().objectMapper(EventJson.newObjectMapper()).build();

        SerializedObject<byte[]> snapshot = serializer.serialize(aggregate.getAggregateRoot(), byte[].class);
        Object restored = serializer.deserialize(snapshot);

        assertThat(restored).isInstanceOf(Run.class);
        assertThat(restored).usingRecursiveComparison().isEqualTo(aggregate.getAggregateRoot());
        assertThat(new String(snapshot.getData())).contains("t-2", "reopened", "accuracy", "ARCHIVED");
        assertThat(new String(snapshot.getData())).as("a task's inputs are in its events, not in the run")
                .doesNotContain("\"lr\"");
    }

    private static List<DomainEventMessage<?>> history() {
        var spec = JsonNodeFactory.instance.objectNode().put("pipelineInfo", "demo");
        TaskDetails task = new TaskDetails("train", "Train", null, TaskType.RUNTIME, null, TaskState.RUNNING,
                List.of(new TaskPod("pod", "uid", TaskPod.PodType.EXECUTOR)), "fp", NOW, null, null,
                JsonNodeFactory.instance.objectNode().put("lr", 0.1), null, null, List.of("root", "train"));
        List<Object> events = List.of(
                new RunCreated("run-1", "team-a", "exp-1", "train", "", new PipelineVersionReference("p", "v"), spec,
                        null, "", "", null, NOW, NOW),
                new TaskCreated("run-1", "t-1", task, NOW),
                new TaskCreated("run-1", "t-2", task, NOW),
                new TaskUpdated("run-1", "t-1", new TaskDetails(null, null, null, null, null, TaskState.SUCCEEDED,
                        null, null, null, NOW, null, null, null, null, null), NOW),
                new TaskUpdated("run-1", "t-2", new TaskDetails(null, null, null, null, null, TaskState.FAILED,
                        null, null, null, NOW, null, null, null, null, null), NOW),
                new MetricsReported("run-1", List.of(new RunMetric("train", "accuracy", 0.9, MetricFormat.RAW)), NOW),
                new RunStateReported("run-1", RuntimeState.FAILED, new RpcStatus(2, "boom", null), NOW),
                new RunRetried("run-1", NOW),
                new RunArchived("run-1", NOW));
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            messages.add(new GenericDomainEventMessage<>("Run", "run-1", i, events.get(i)));
        }
        return messages;
    }
}
