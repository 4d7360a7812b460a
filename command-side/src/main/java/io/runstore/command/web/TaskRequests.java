package io.runstore.command.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.CreateTask;
import io.runstore.command.run.ServerClock;
import io.runstore.command.run.UpdateTask;
import io.runstore.command.run.UpdateTasks;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Task requests as commands, whichever way they came: the HTTP task endpoints and the gRPC task API (which hands
 * over each task as its JSON) check them the same way, with the API's JSON rules, and a problem names the field.
 */
@Component
@Profile("command")
public class TaskRequests {

    private final ObjectMapper json;

    TaskRequests(ObjectMapper json) {
        this.json = json;
    }

    CreateTask create(String runId, TaskRequest task) {
        return new CreateTask(runId, UUID.randomUUID().toString(), task.toDetails(runId, null, ""),
                ServerClock.now());
    }

    UpdateTask update(String runId, String taskId, TaskRequest task) {
        return new UpdateTask(runId, taskId, task.toDetails(runId, taskId, ""), ServerClock.now());
    }

    public CreateTask create(String runId, String taskJson) {
        return create(runId, read(taskJson, "task"));
    }

    public UpdateTask update(String runId, String taskId, String taskJson) {
        return update(runId, taskId, read(taskJson, "task"));
    }

    /** Task id to the task's JSON. */
    public UpdateTasks updateAll(String runId, Map<String, String> taskJson) {
        Map<String, TaskRequest> tasks = new LinkedHashMap<>();
        taskJson.forEach((taskId, task) -> tasks.put(taskId, read(task, "tasks[" + taskId + "]")));
        return new BatchUpdateRequest(tasks).toCommand(runId, ServerClock.now());
    }

    private TaskRequest read(String task, String field) {
        try {
            return json.readValue(task, TaskRequest.class);
        } catch (JsonProcessingException e) {
            throw CommandRejectedException.invalidArgument(field + ": " + ApiErrors.describe(e));
        }
    }
}
