package io.runstore.events.task;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TaskDetailsTest {

    private static final TaskDetails CREATED = new TaskDetails("train", "Train", "root", TaskType.RUNTIME, null,
            TaskState.RUNNING, List.of(new TaskPod("pod-1", "uid-1", TaskPod.PodType.EXECUTOR)), "fp-1",
            Instant.parse("2026-01-01T00:00:00Z"), null, null, null, null, null, null);

    @Test
    void mergeChangesOnlyTheFieldsPresent() {
        TaskDetails changes = new TaskDetails(null, null, null, null, null, TaskState.SUCCEEDED, null, null, null,
                Instant.parse("2026-01-01T00:05:00Z"), null, null, null, null, null);

        TaskDetails merged = CREATED.mergedWith(changes);

        assertThat(merged.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(merged.endTime()).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(merged.name()).isEqualTo("train");
        assertThat(merged.pods()).isEqualTo(CREATED.pods());
        assertThat(merged.cacheFingerprint()).isEqualTo("fp-1");
    }

    @Test
    void finalStatesAreTheFinishedOnes() {
        assertThat(TaskState.RUNNING.isFinal()).isFalse();
        assertThat(List.of(TaskState.SUCCEEDED, TaskState.SKIPPED, TaskState.FAILED, TaskState.CACHED))
                .allMatch(TaskState::isFinal);
    }
}
