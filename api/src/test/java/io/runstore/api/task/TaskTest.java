package io.runstore.api.task;

import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskPod;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TaskTest {

    private static final Instant CREATED_AT = Instant.parse("2026-01-01T00:00:01Z");
    private static final Instant UPDATED_AT = Instant.parse("2026-01-01T00:05:01Z");
    private static final Task CREATED = Task.created("run-1", "task-1", new TaskDetails("train", "Train", "root",
            TaskType.RUNTIME, null, TaskState.RUNNING, List.of(new TaskPod("pod-1", "uid-1", TaskPod.PodType.EXECUTOR)),
            "fp-1", Instant.parse("2026-01-01T00:00:00Z"), null, null, null, null, null, List.of("root", "train")),
            CREATED_AT);

    @Test
    void aCreatedTaskStartsItsHistoryWithItsState() {
        assertThat(CREATED.runId()).isEqualTo("run-1");
        assertThat(CREATED.taskId()).isEqualTo("task-1");
        assertThat(CREATED.scopePath()).isEqualTo("root.train");
        assertThat(CREATED.stateHistory()).containsExactly(new Task.TaskStatus(CREATED_AT, TaskState.RUNNING));
    }

    @Test
    void mergeChangesOnlyTheFieldsPresent() {
        TaskDetails changes = new TaskDetails(null, null, null, null, null, TaskState.SUCCEEDED, null, null, null,
                Instant.parse("2026-01-01T00:05:00Z"), null, null, null, null, null);

        Task merged = CREATED.updated(changes, UPDATED_AT);

        assertThat(merged.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(merged.endTime()).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(merged.name()).isEqualTo("train");
        assertThat(merged.pods()).isEqualTo(CREATED.pods());
        assertThat(merged.cacheFingerprint()).isEqualTo("fp-1");
        assertThat(merged.scopePath()).isEqualTo("root.train");
        assertThat(merged.stateHistory()).containsExactly(new Task.TaskStatus(CREATED_AT, TaskState.RUNNING),
                new Task.TaskStatus(UPDATED_AT, TaskState.SUCCEEDED));
    }

    @Test
    void changesThatRepeatTheTaskChangeNothing() {
        TaskDetails same = new TaskDetails("train", null, null, null, null, TaskState.RUNNING, null, null, null, null,
                null, null, null, null, null);

        assertThat(CREATED.updated(same, UPDATED_AT)).isEqualTo(CREATED);
    }
}
