package io.runstore.command.task;

import io.runstore.command.config.Commands;
import io.runstore.command.config.ConsistencyToken;
import io.runstore.command.config.ServerClock;
import io.runstore.command.idempotency.CommandOrigin;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The task API executors call (KFP v2beta1, next-generation branch): create, update, batch update. */
@RestController
@Profile("command")
@RequestMapping("/apis/v2beta1/runs/{run_id}")
class TaskController {

    private final Commands commands;

    TaskController(Commands commands) {
        this.commands = commands;
    }

    @PostMapping("/tasks")
    ResponseEntity<TaskResponse> create(@PathVariable("run_id") String runId, @RequestBody TaskRequest body,
                                        CommandOrigin origin) {
        CreateTask command = new CreateTask(runId, UUID.randomUUID().toString(), body.toDetails(runId, null, ""),
                ServerClock.now());
        TaskWritten written = commands.send(command, origin);
        return ResponseEntity.ok()
                .location(URI.create("/apis/v2beta1/runs/" + runId + "/tasks/" + written.taskId()))
                .header(ConsistencyToken.HEADER, ConsistencyToken.of(written.runId(), written.sequence()))
                .body(TaskResponse.of(runId, written.taskId(), written.task()));
    }

    @PatchMapping("/tasks/{task_id}")
    ResponseEntity<TaskResponse> update(@PathVariable("run_id") String runId, @PathVariable("task_id") String taskId,
                                        @RequestBody TaskRequest body, CommandOrigin origin) {
        UpdateTask command = new UpdateTask(runId, taskId, body.toDetails(runId, taskId, ""), ServerClock.now());
        TaskWritten written = commands.send(command, origin);
        return ConsistencyToken.ok(written, TaskResponse.of(runId, taskId, written.task()));
    }

    @PostMapping("/tasks:batchUpdate")
    ResponseEntity<BatchUpdateResponse> batchUpdate(@PathVariable("run_id") String runId,
                                                    @RequestBody BatchUpdateRequest body, CommandOrigin origin) {
        TasksWritten written = commands.send(body.toCommand(runId, ServerClock.now()), origin);
        Map<String, TaskResponse> tasks = new LinkedHashMap<>();
        written.tasks().forEach((taskId, task) -> tasks.put(taskId, TaskResponse.of(runId, taskId, task)));
        return ConsistencyToken.ok(written, new BatchUpdateResponse(tasks));
    }

    /** KFP's {@code UpdateTasksBulkResponse}. */
    record BatchUpdateResponse(Map<String, TaskResponse> tasks) {
    }
}
