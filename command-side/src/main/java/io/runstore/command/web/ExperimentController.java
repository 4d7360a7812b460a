package io.runstore.command.web;

import io.runstore.api.ConsistencyToken;
import io.runstore.command.experiment.ChangeExperiment;
import io.runstore.command.experiment.CreateExperiment;
import io.runstore.command.experiment.ExperimentRuns;
import io.runstore.command.experiment.ExperimentWritten;
import io.runstore.command.idempotency.CommandOrigin;
import io.runstore.command.run.ArchiveRun;
import io.runstore.command.run.Commands;
import io.runstore.command.run.ServerClock;
import io.runstore.command.run.Written;
import io.runstore.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Experiment commands of KFP's v2beta1 ExperimentService. Archiving an experiment archives its runs, as KFP does
 * (here one command per run after the experiment's, not one transaction: if one fails, the request answers the error
 * and the runs after it stay available until the archive is sent again).
 */
@RestController
@Profile("command")
@RequestMapping("/apis/v2beta1/experiments")
class ExperimentController {

    private final Commands commands;
    private final ExperimentRuns runs;

    ExperimentController(Commands commands, ExperimentRuns runs) {
        this.commands = commands;
        this.runs = runs;
    }

    @PostMapping
    ResponseEntity<ExperimentResponse> create(@RequestBody ExperimentRequest body,
                                              @RequestParam(name = "namespace", required = false) String namespace,
                                              CommandOrigin origin, Caller caller) {
        CreateExperiment command = body.toCommand(namespace);
        ExperimentResolver.checkMayWrite(caller, command.namespace(), "namespace '" + command.namespace() + "'");
        ExperimentWritten written = commands.send(command, origin.in(command.namespace()));
        return WriteAnswers.ok(written, ExperimentResponse.of(written));
    }

    @PostMapping("/{experiment_id}:archive")
    ResponseEntity<Map<String, Object>> archive(@PathVariable("experiment_id") String experimentId,
                                                CommandOrigin origin, HttpServletRequest request) {
        ExperimentWritten written = send(change(experimentId, ChangeExperiment.Change.ARCHIVE), origin);
        List<ConsistencyToken> archivedRuns = new ArrayList<>();
        for (String runId : runs.availableRunIds(experimentId)) {
            Written archived = commands.send(new ArchiveRun(runId, ServerClock.now()), origin.derived());
            archivedRuns.add(new ConsistencyToken(archived.runId(), archived.sequence()));
        }
        // a client without a token reads the runs archived too (see ReadYourWritesFilter)
        request.setAttribute(ConsistencyToken.MORE_WRITES, archivedRuns);
        return WriteAnswers.ok(written, Map.of());
    }

    @PostMapping("/{experiment_id}:unarchive")
    ResponseEntity<Map<String, Object>> unarchive(@PathVariable("experiment_id") String experimentId,
                                                  CommandOrigin origin) {
        return WriteAnswers.ok(send(change(experimentId, ChangeExperiment.Change.UNARCHIVE), origin), Map.of());
    }

    @DeleteMapping("/{experiment_id}")
    ResponseEntity<Map<String, Object>> delete(@PathVariable("experiment_id") String experimentId,
                                               CommandOrigin origin) {
        return WriteAnswers.ok(send(change(experimentId, ChangeExperiment.Change.DELETE), origin), Map.of());
    }

    private ExperimentWritten send(ChangeExperiment command, CommandOrigin origin) {
        return ExperimentResolver.send(commands, command, origin);
    }

    private static ChangeExperiment change(String experimentId, ChangeExperiment.Change change) {
        return new ChangeExperiment(experimentId, change, ServerClock.now());
    }
}
