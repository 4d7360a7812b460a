package io.runstore.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.api.ConsistencyToken;
import io.runstore.command.experiment.ExperimentWritten;
import io.runstore.command.idempotency.CommandOrigin;
import io.runstore.command.run.ArchiveRun;
import io.runstore.command.run.Commands;
import io.runstore.command.run.CreateRun;
import io.runstore.command.run.CreatedRun;
import io.runstore.command.run.DeleteRun;
import io.runstore.command.run.RetryRun;
import io.runstore.command.run.ServerClock;
import io.runstore.command.run.TerminateRun;
import io.runstore.command.run.UnarchiveRun;
import io.runstore.security.Caller;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Map;

/**
 * Run commands of the KFP v2beta1 RunService, plus {@code :reportState} for executors. Every write answers with the
 * consistency token of its last event; lifecycle calls answer {@code {}} as KFP does. A command on an existing run
 * reaches here only when the security chain found the caller may write in the run's namespace; CreateRun checks the
 * namespace it resolves (the experiment's, or the one asked for) before anything is written.
 */
@RestController
@Profile("command")
@RequestMapping("/apis/v2beta1/runs")
class RunController {

    private final Commands commands;
    private final ObjectMapper json;

    RunController(Commands commands, ObjectMapper json) {
        this.commands = commands;
        this.json = json;
    }

    @PostMapping
    ResponseEntity<RunResponse> create(@RequestBody JsonNode body,
                                       @RequestParam(name = "experiment_id", required = false) String experimentId,
                                       @RequestParam(name = "namespace", required = false) String namespace,
                                       CommandOrigin origin, Caller caller) {
        CreateRun requested = CreateRunRequest.read(body, json).toCommand(experimentId, namespace);
        ExperimentWritten experiment = ExperimentResolver.forRun(commands, requested.experimentId(),
                requested.namespace(), caller, origin);
        CreateRun command = requested.in(experiment.experimentId(), experiment.namespace());
        CreatedRun created = commands.send(command, origin.in(experiment.namespace()));
        return ResponseEntity.ok()
                .location(URI.create("/apis/v2beta1/runs/" + created.runId()))
                .header(ConsistencyToken.HEADER, WriteAnswers.token(created))
                .body(RunResponse.created(command.as(created)));
    }

    @PostMapping("/{run_id}:archive")
    ResponseEntity<Map<String, Object>> archive(@PathVariable("run_id") String runId, CommandOrigin origin) {
        return WriteAnswers.ok(commands.send(new ArchiveRun(runId, ServerClock.now()), origin), Map.of());
    }

    @PostMapping("/{run_id}:unarchive")
    ResponseEntity<Map<String, Object>> unarchive(@PathVariable("run_id") String runId, CommandOrigin origin) {
        return WriteAnswers.ok(commands.send(new UnarchiveRun(runId, ServerClock.now()), origin), Map.of());
    }

    @PostMapping("/{run_id}:terminate")
    ResponseEntity<Map<String, Object>> terminate(@PathVariable("run_id") String runId, CommandOrigin origin) {
        return WriteAnswers.ok(commands.send(new TerminateRun(runId, ServerClock.now()), origin), Map.of());
    }

    @PostMapping("/{run_id}:retry")
    ResponseEntity<Map<String, Object>> retry(@PathVariable("run_id") String runId, CommandOrigin origin) {
        return WriteAnswers.ok(commands.send(new RetryRun(runId, ServerClock.now()), origin), Map.of());
    }

    @DeleteMapping("/{run_id}")
    ResponseEntity<Map<String, Object>> delete(@PathVariable("run_id") String runId, CommandOrigin origin) {
        return WriteAnswers.ok(commands.send(new DeleteRun(runId, ServerClock.now()), origin), Map.of());
    }

    @PostMapping("/{run_id}:reportState")
    ResponseEntity<Map<String, Object>> reportState(@PathVariable("run_id") String runId,
                                                    @RequestBody ReportRunStateRequest body, CommandOrigin origin) {
        return WriteAnswers.ok(commands.send(body.toCommand(runId), origin), Map.of());
    }
}
