package io.runstore.command.run;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.runstore.api.ErrorCode;
import io.runstore.events.task.TaskCreated;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskUpdated;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The tasks of one run, as the Run aggregate knows them, and the rules for changing them: a task is known, its
 * parent is a task of the same run, and its state never goes backwards (RUNNING after SUCCEEDED). A retry of the run
 * re-opens its FAILED and SKIPPED tasks, which may then run again. Of each task only what the rules read is kept
 * ({@link TaskFacts}: state, parent, digests of the other fields, its events), not its inputs and outputs. Part of
 * the aggregate's snapshot.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class RunTasks {

    private Map<String, TaskFacts> tasks = new HashMap<>();
    /** Finished tasks that a retry of the run re-opened: their next state may be anything. */
    private Set<String> reopened = new HashSet<>();

    void requireCreatable(String runId, String taskId, TaskDetails task) {
        if (tasks.containsKey(taskId)) {
            throw new CommandRejectedException(ErrorCode.ALREADY_EXISTS,
                    "task " + taskId + " already exists in run " + runId);
        }
        requireKnownParent(runId, taskId, task.parentTaskId());
    }

    void requireUpdatable(String runId, String taskId, TaskDetails changes) {
        TaskFacts current = tasks.get(taskId);
        if (current == null) {
            throw CommandRejectedException.notFound("task " + taskId + " not found in run " + runId);
        }
        if (goesBackwards(taskId, current.state(), changes.state())) {
            throw CommandRejectedException.failedPrecondition("task " + taskId + " is " + current.state()
                    + " and cannot become " + changes.state());
        }
        if (changes.parentTaskId() != null && !changes.parentTaskId().equals(current.parentTaskId())) {
            requireKnownParent(runId, taskId, changes.parentTaskId());
        }
    }

    /** Whether applying {@code changes} would change anything: a re-report of the same values writes no event. */
    boolean wouldChange(String taskId, TaskDetails changes) {
        return tasks.get(taskId).wouldChange(changes);
    }

    boolean contains(String taskId) {
        return tasks.containsKey(taskId);
    }

    /** Whether a known task becoming {@code state} would go backwards (a late report of an older state). */
    boolean wouldGoBackwards(String taskId, TaskState state) {
        return goesBackwards(taskId, tasks.get(taskId).state(), state);
    }

    /** The sequence numbers of a known task's events so far, in order. */
    long[] events(String taskId) {
        return tasks.get(taskId).events();
    }

    void created(TaskCreated event, long sequence) {
        tasks.put(event.taskId(), TaskFacts.created(event.task(), sequence));
    }

    void updated(TaskUpdated event, long sequence) {
        TaskFacts current = tasks.get(event.taskId());
        TaskState newState = event.changes().state();
        if (newState != null && newState != current.state()) {
            reopened.remove(event.taskId());
        }
        current.updated(event.changes(), sequence);
    }

    void runRetried() {
        tasks.forEach((taskId, task) -> {
            if (task.state() == TaskState.FAILED || task.state() == TaskState.SKIPPED) {
                reopened.add(taskId);
            }
        });
    }

    /** About the bytes of heap these tasks take (the aggregate cache's weight). */
    long weight() {
        long weight = 64 + 8L * tasks.size() + 64L * reopened.size();
        for (Map.Entry<String, TaskFacts> task : tasks.entrySet()) {
            weight += 40 + task.getKey().length() + task.getValue().weight();
        }
        return weight;
    }

    private boolean goesBackwards(String taskId, TaskState from, TaskState to) {
        if (to == null || to == from) {
            return false;
        }
        if (from != null && from.isFinal()) {
            return !reopened.contains(taskId);
        }
        return progress(to) < progress(from);
    }

    private static int progress(TaskState state) {
        if (state == null || state == TaskState.RUNTIME_STATE_UNSPECIFIED) {
            return 0;
        }
        return state == TaskState.RUNNING ? 1 : 2;
    }

    private void requireKnownParent(String runId, String taskId, String parentTaskId) {
        if (parentTaskId == null || parentTaskId.isEmpty()) {
            return;
        }
        if (parentTaskId.equals(taskId) || !tasks.containsKey(parentTaskId)) {
            throw CommandRejectedException.invalidArgument("parent_task_id: task " + parentTaskId
                    + " is not a task of run " + runId);
        }
    }
}
