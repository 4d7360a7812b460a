package io.runstore.command.run;

import io.runstore.api.task.Task;
import io.runstore.events.task.TaskCreated;
import io.runstore.events.task.TaskUpdated;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tasks as the API answers them: the Run aggregate keeps no inputs or outputs (see {@link TaskFacts}), so a task
 * write's answer starts from the task as this process last answered it ({@link RecentTasks}) or, when it did not or
 * the task was written elsewhere since, folds the task's stored events with {@link Task#updated}, the one merge the
 * projector uses too. One read for all the tasks that need it.
 */
final class TaskAnswers {

    private TaskAnswers() {
    }

    /** @param events each task's stored events, by task id */
    static Map<String, Task> fold(String runId, Map<String, long[]> events, RecentTasks recent, StoredEvents store) {
        Map<String, Task> tasks = new LinkedHashMap<>();
        List<Long> sequences = new ArrayList<>();
        events.forEach((taskId, numbers) -> {
            Optional<Task> known = recent.asOf(runId, taskId, numbers[numbers.length - 1]);
            tasks.put(taskId, known.orElse(null));
            if (known.isEmpty()) {
                for (long number : numbers) {
                    sequences.add(number);
                }
            }
        });
        if (sequences.isEmpty()) {
            return tasks;
        }
        Map<Long, Object> payloads = store.payloads(runId, sequences);
        events.forEach((taskId, numbers) -> {
            if (tasks.get(taskId) == null) {
                tasks.put(taskId, fold(runId, taskId, numbers, payloads));
            }
        });
        return tasks;
    }

    private static Task fold(String runId, String taskId, long[] numbers, Map<Long, Object> payloads) {
        Task task = null;
        for (long number : numbers) {
            Object payload = payloads.get(number);
            if (payload instanceof TaskCreated created && task == null) {
                task = Task.created(created.runId(), created.taskId(), created.task(), created.createdAt());
            } else if (payload instanceof TaskUpdated updated && task != null) {
                task = task.updated(updated.changes(), updated.updatedAt());
            } else {
                throw new IllegalStateException("event " + number + " of run " + runId + " is not the next event of "
                        + "task " + taskId + " but " + (payload == null ? "missing" : payload.getClass().getName()));
            }
        }
        return task;
    }
}
