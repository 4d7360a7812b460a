package io.runstore.command.web;

import io.runstore.api.ConsistencyToken;
import io.runstore.api.task.Task;
import io.runstore.command.idempotency.CommandOrigin;
import io.runstore.command.run.Commands;
import io.runstore.command.run.ServerClock;
import io.runstore.command.run.TaskWritten;
import io.runstore.command.run.TasksWritten;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Map;

/** The task API executors call (KFP v2beta1, next-generation branch): create, update, batch update. */
@RestController
@Profile("command")
@RequestMapping("/apis/v2beta1/runs/{run_id}")
class TaskController {

    private final Commands commands;
    private final TaskRequests requests;

    TaskController(Commands commands, TaskRequests requests) {
        this.commands = commands;
        this.requests = requests;
    }

    @PostMapping("/tasks")
    ResponseEntity<Task> create(@PathVariable("run_id") String runId, @RequestBody TaskRequest body,
                                        CommandOrigin origin) {
        TaskWritten written = commands.send(requests.create(runId, body), origin);
        return ResponseEntity.ok()
                .location(URI.create("/apis/v2beta1/runs/" + runId + "/tasks/" + written.taskId()))
                .header(ConsistencyToken.HEADER, WriteAnswers.token(written))
                .body(written.task());
    }

    @PatchMapping("/tasks/{task_id}")
    ResponseEntity<Task> update(@PathVariable("run_id") String runId, @PathVariable("task_id") String taskId,
                                        @RequestBody TaskRequest body, CommandOrigin origin) {
        TaskWritten written = commands.send(requests.update(runId, taskId, body), origin);
        return WriteAnswers.ok(written, written.task());
    }

    @PostMapping("/tasks:batchUpdate")
    ResponseEntity<BatchUpdateResponse> batchUpdate(@PathVariable("run_id") String runId,
                                                    @RequestBody BatchUpdateRequest body, CommandOrigin origin) {
        TasksWritten written = commands.send(body.toCommand(runId, ServerClock.now()), origin);
        return WriteAnswers.ok(written, new BatchUpdateResponse(written.tasks()));
    }

    /** KFP's {@code UpdateTasksBulkResponse}. */
    record BatchUpdateResponse(Map<String, Task> tasks) {
    }
}
