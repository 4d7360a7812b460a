package io.runstore.api.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RuntimeConfig;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskPod;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskUpdated;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The public event shape: the event's own fields in snake_case, nested values too; embedded documents unchanged. */
class PublicEventJsonTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00.123456Z");

    @Test
    void aRunCreatedIsShownInSnakeCaseWithItsPipelineSpecAsWritten() {
        JsonNode spec = JsonNodeFactory.instance.objectNode().put("pipelineInfo", "as the client wrote it");
        JsonNode shown = PublicEventJson.of(new RunCreated("run-1", "ns", "exp-1", "train", "", new
                PipelineVersionReference("p-1", "v-1"), spec, new RuntimeConfig(null, "s3://root"), "", "", null, AT,
                AT));

        assertThat(shown.at("/pipeline_version_reference/pipeline_version_id").asText()).isEqualTo("v-1");
        assertThat(shown.at("/runtime_config/pipeline_root").asText()).isEqualTo("s3://root");
        assertThat(shown.at("/created_at").asText()).isEqualTo("2026-01-01T00:00:00.123456Z");
        assertThat(shown.at("/pipeline_spec/pipelineInfo").asText()).isEqualTo("as the client wrote it");
        assertThat(keys(shown, "pipeline_spec")).allMatch(key -> key.matches("[a-z0-9_]+"));
    }

    @Test
    void aTaskChangeListsOnlyTheFieldsItChanged() {
        TaskDetails changes = new TaskDetails(null, null, null, null, null, TaskState.SUCCEEDED,
                List.of(new TaskPod("pod-1", "uid-1", TaskPod.PodType.EXECUTOR)), null, null, AT, null, null, null,
                null, null);

        JsonNode shown = PublicEventJson.of(new TaskUpdated("run-1", "t-1", changes, AT));

        assertThat(shown.at("/task_id").asText()).isEqualTo("t-1");
        assertThat(shown.get("changes").fieldNames()).toIterable().containsExactlyInAnyOrder("state", "pods",
                "end_time");
        assertThat(keys(shown, null)).allMatch(key -> key.matches("[a-z0-9_]+"));
    }

    /** Every object key in the tree, except below the member named {@code passThrough}. */
    private static List<String> keys(JsonNode node, String passThrough) {
        List<String> keys = new ArrayList<>();
        node.fields().forEachRemaining(field -> {
            keys.add(field.getKey());
            if (!field.getKey().equals(passThrough)) {
                keys.addAll(keys(field.getValue(), passThrough));
            }
        });
        node.elements().forEachRemaining(element -> {
            if (!node.isObject()) {
                keys.addAll(keys(element, passThrough));
            }
        });
        return keys;
    }
}
