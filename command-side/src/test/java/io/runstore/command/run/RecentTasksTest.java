package io.runstore.command.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runstore.api.task.Task;
import io.runstore.events.EventJson;
import io.runstore.events.task.ChildTask;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskPod;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskStatusMetadata;
import io.runstore.events.task.TaskType;
import io.runstore.events.task.TaskTypeAttributes;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task write's answer is remembered with the run's sequence number it was given at, once its command committed,
 * and stands for the task while the task's latest event is no later.
 */
class RecentTasksTest {

    private static final Instant NOW = Instant.parse("2026-12-07T05:00:00Z");
    private static final String RUN = "run-1";

    private final RecentTasks recent = new RecentTasks(1 << 20);

    @Test
    void aCommittedAnswerStandsForTheTaskUntilTheTaskHasALaterEvent() throws Exception {
        Task task = task("t-1", 100);

        handle(new TaskWritten(RUN, 5, "t-1", task), true);

        assertThat(recent.asOf(RUN, "t-1", 5)).contains(task);
        assertThat(recent.asOf(RUN, "t-1", 3)).as("later events of the run were not the task's").contains(task);
        assertThat(recent.asOf(RUN, "t-1", 6)).as("the task changed after this answer").isEmpty();
        assertThat(recent.asOf(RUN, "t-2", 1)).isEmpty();
        assertThat(recent.asOf("run-2", "t-1", 1)).isEmpty();
    }

    @Test
    void anAnswerWhoseCommandRolledBackIsNotRemembered() throws Exception {
        handle(new TaskWritten(RUN, 5, "t-1", task("t-1", 100)), false);

        assertThat(recent.asOf(RUN, "t-1", 5)).isEmpty();
    }

    @Test
    void everyTaskOfABatchIsRememberedAndAnOlderAnswerDoesNotReplaceANewer() throws Exception {
        Task newer = task("t-1", 100).updated(details(TaskState.SUCCEEDED, 10), NOW);
        handle(new TasksWritten(RUN, 9, Map.of("t-1", newer, "t-2", task("t-2", 100))), true);

        handle(new TaskWritten(RUN, 4, "t-1", task("t-1", 100)), true);

        assertThat(recent.asOf(RUN, "t-1", 9)).contains(newer);
        assertThat(recent.asOf(RUN, "t-2", 9)).isPresent();
    }

    @Test
    void theAnswersKeptWeighNoMoreThanTheBound() throws Exception {
        RecentTasks bounded = new RecentTasks(200_000);
        for (int i = 0; i < 500; i++) {
            handle(bounded, new TaskWritten(RUN, 1, "t-" + i, task("t-" + i, 2_000)), true);
        }

        assertThat(bounded.weight()).isLessThanOrEqualTo(200_000).isGreaterThan(100_000);
        long kept = IntStream.range(0, 500).filter(i -> bounded.asOf(RUN, "t-" + i, 1).isPresent()).count();
        assertThat(kept).as("about 6 KB each").isBetween(17L, 33L);
    }

    @Test
    void anAnswerIsWeighedAsAboutItsJsonWithoutWritingIt() throws Exception {
        ObjectMapper json = EventJson.newObjectMapper();
        ObjectNode inputs = JsonNodeFactory.instance.objectNode();
        inputs.putObject("parameters").putObject("dataset").put("value", "gs://bucket/data/run-1/part-3.parquet");
        ObjectNode outputs = JsonNodeFactory.instance.objectNode();
        outputs.putObject("parameters").putObject("rows").put("value", 1003);
        outputs.putObject("artifacts").putObject("model").putArray("artifacts").addObject()
                .put("uri", "gs://bucket/models/run-1/3");
        ObjectNode custom = JsonNodeFactory.instance.objectNode().put("exit_code", 1).put("reason", "OOMKilled");
        TaskDetails executor = new TaskDetails("step-3", "step 3", null, TaskType.RUNTIME, null, TaskState.RUNNING,
                List.of(new TaskPod("wf-3", "0b6f3f0e-8d5a-4d7e-9a51-2f1c7d1e6a11", TaskPod.PodType.EXECUTOR)),
                null, null, null, null, inputs, null, null, List.of("root", "step-3"));
        TaskDetails finished = new TaskDetails(null, null, null, null, null, TaskState.FAILED, null, null, null, NOW,
                new TaskStatusMetadata("the pod was killed", custom), null, outputs, null, null);
        TaskDetails loop = new TaskDetails("for-loop", null, "parent-1", TaskType.LOOP,
                new TaskTypeAttributes(2L, 8L, true), TaskState.SUCCEEDED, null, "fingerprint-9", NOW, NOW, null,
                null, null, List.of(new ChildTask("child-1", "iteration-1"), new ChildTask("child-2", "iteration-2")),
                null);
        List<Task> tasks = List.of(task("t-1", 0), task("t-2", 2_000),
                Task.created(RUN, "t-3", executor, NOW).updated(finished, NOW.plusSeconds(30)),
                Task.created(RUN, "t-4", loop, NOW));

        for (Task task : tasks) {
            int written = json.writeValueAsString(task).length();
            assertThat((double) RecentTasks.jsonLength(task) / written).as("%s: %d characters", task.taskId(), written)
                    .isBetween(0.75, 1.3);
        }
    }

    private void handle(Object result, boolean commit) throws Exception {
        handle(recent, result, commit);
    }

    private static void handle(RecentTasks recent, Object result, boolean commit) throws Exception {
        UnitOfWork<CommandMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(command());
        recent.handle(unitOfWork, () -> result);
        if (commit) {
            unitOfWork.commit();
        } else {
            unitOfWork.rollback();
        }
    }

    private static CommandMessage<?> command() {
        return GenericCommandMessage.asCommandMessage("update");
    }

    private static Task task(String taskId, int outputBytes) {
        return Task.created(RUN, taskId, details(TaskState.RUNNING, outputBytes), NOW);
    }

    private static TaskDetails details(TaskState state, int outputBytes) {
        ObjectNode outputs = JsonNodeFactory.instance.objectNode();
        outputs.put("rows", "x".repeat(outputBytes));
        return new TaskDetails("train", null, null, TaskType.RUNTIME, null, state, null, null, null, null, null, null,
                outputs, null, null);
    }
}
