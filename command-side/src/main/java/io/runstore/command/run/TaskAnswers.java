package io.runstore.command.run;

import io.runstore.api.task.Task;
import io.runstore.events.task.TaskCreated;
import io.runstore.events.task.TaskUpdated;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tasks as the API answers them, rebuilt from their events in the log: the Run aggregate keeps no inputs or outputs
 * (see {@link TaskFacts}), so a task write's answer folds the task's stored events with {@link Task#updated}, the
 * one merge the projector uses too. One read for all the tasks asked for.
 */
final class TaskAnswers {

    private TaskAnswers() {
    }

    /** @param events each task's stored events, by task id */
    static Map<String, Task> fold(String runId, Map<String, long[]> events, StoredEvents store) {
        List<Long> sequences = new ArrayList<>();
        events.values().forEach(numbers -> {
            for (long number : numbers) {
                sequences.add(number);
            }
        });
        Map<Long, Object> payloads = store.payloads(runId, sequences);
        Map<String, Task> tasks = new LinkedHashMap<>();
        events.forEach((taskId, numbers) -> tasks.put(taskId, fold(runId, taskId, numbers, payloads)));
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
