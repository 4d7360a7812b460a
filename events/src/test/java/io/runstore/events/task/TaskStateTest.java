package io.runstore.events.task;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TaskStateTest {

    @Test
    void finalStatesAreTheFinishedOnes() {
        assertThat(TaskState.RUNNING.isFinal()).isFalse();
        assertThat(List.of(TaskState.SUCCEEDED, TaskState.SKIPPED, TaskState.FAILED, TaskState.CACHED))
                .allMatch(TaskState::isFinal);
    }
}
