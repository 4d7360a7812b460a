package io.runstore.query.run;

import io.runstore.api.ErrorCode;
import io.runstore.security.Caller;
import io.runstore.query.auth.ReadGate;
import io.runstore.query.web.QueryException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

/**
 * GetRun of KFP's v1beta1 RunService, which KFP's UI calls (besides v2beta1's) whenever it opens a run's details: the
 * same read, gate and wait for a run not projected yet as v2beta1 GetRun, in the v1 shape.
 */
@RestController
@Profile("query")
class RunV1QueryController {

    private final RunReader reader;
    private final ReadGate gate;
    private final UnprojectedRuns unprojected;

    RunV1QueryController(RunReader reader, ReadGate gate, UnprojectedRuns unprojected) {
        this.reader = reader;
        this.gate = gate;
        this.unprojected = unprojected;
    }

    @GetMapping("/apis/v1beta1/runs/{runId}")
    RunDetailV1View get(HttpServletRequest request, @PathVariable String runId) {
        Caller caller = gate.enter(request);
        Optional<RunReader.NamespacedRunV1> read = reader.getV1(runId);
        if (read.isEmpty() && unprojected.awaitProjected(runId)) {
            read = reader.getV1(runId);
        }
        RunReader.NamespacedRunV1 found = read.orElseThrow(() ->
                new QueryException(ErrorCode.NOT_FOUND, "run " + runId + " not found"));
        caller.checkMayRead(found.namespace(), "run " + runId);
        return found.run();
    }
}
