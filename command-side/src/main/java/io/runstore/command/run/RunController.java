package io.runstore.command.run;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Run commands of the KFP v2beta1 RunService. */
@RestController
@Profile("command")
@RequestMapping("/apis/v2beta1/runs")
class RunController {

    /** Names the run and sequence number of a write's last event; the query side can wait for it. */
    static final String CONSISTENCY_TOKEN = "Runstore-Consistency-Token";

    private final CommandGateway commands;

    RunController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping
    ResponseEntity<RunResponse> create(@RequestBody CreateRunRequest body,
                                       @RequestParam(name = "experiment_id", required = false) String experimentId,
                                       @RequestParam(name = "namespace", required = false) String namespace) {
        CreateRun command = body.toCommand(experimentId, namespace);
        commands.sendAndWait(command);
        return ResponseEntity.ok()
                .location(URI.create("/apis/v2beta1/runs/" + command.runId()))
                .header(CONSISTENCY_TOKEN, command.runId() + ":0")
                .body(RunResponse.created(command));
    }
}
