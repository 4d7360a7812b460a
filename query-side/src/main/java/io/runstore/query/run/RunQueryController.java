package io.runstore.query.run;

import io.runstore.query.auth.Caller;
import io.runstore.query.config.ErrorCode;
import io.runstore.query.config.QueryException;
import io.runstore.query.config.ReadGate;
import io.runstore.query.listing.Listing;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

/** ListRuns and GetRun of the KFP v2beta1 RunService, read from the projected tables. */
@RestController
@Profile("query")
@RequestMapping("/apis/v2beta1/runs")
class RunQueryController {

    private final RunLister lister;
    private final RunReader reader;
    private final ReadGate gate;

    RunQueryController(RunLister lister, RunReader reader, ReadGate gate) {
        this.lister = lister;
        this.reader = reader;
        this.gate = gate;
    }

    @GetMapping
    ListRunsView list(HttpServletRequest request,
                      @RequestParam(name = "namespace", required = false) String namespace,
                      @RequestParam(name = "experiment_id", required = false) String experimentId,
                      @RequestParam(name = "page_size", defaultValue = "0") int pageSize,
                      @RequestParam(name = "page_token", required = false) String pageToken,
                      @RequestParam(name = "sort_by", required = false) String sortBy,
                      @RequestParam(name = "filter", required = false) String filter,
                      @RequestParam(name = "view", required = false) String view) {
        Caller caller = gate.enter(request);
        RunScope scope = scope(caller, blankToNull(namespace), blankToNull(experimentId));
        return lister.list(scope, new Listing.Parameters(filter, sortBy, "sort_by", pageToken), pageSize, view(view));
    }

    @GetMapping("/{runId}")
    RunView get(HttpServletRequest request, @PathVariable String runId,
                @RequestParam(name = "view", required = false) String view) {
        Caller caller = gate.enter(request);
        RunReader.NamespacedRun found = reader.get(runId, view(view)).orElseThrow(() ->
                new QueryException(ErrorCode.NOT_FOUND, "run " + runId + " not found"));
        caller.checkMayRead(found.namespace(), "run " + runId);
        return found.run();
    }

    /** Experiment if given (its namespace must be the caller's and match a given namespace), else namespace. */
    private RunScope scope(Caller caller, String namespace, String experimentId) {
        if (!caller.multiUser()) {
            return experimentId != null ? RunScope.experiment(experimentId) : RunScope.all();
        }
        if (experimentId != null) {
            Optional<String> owner = reader.namespaceOfExperiment(experimentId);
            if (owner.isPresent()) {
                caller.checkMayRead(owner.get(), "experiment " + experimentId);
                if (namespace != null && !namespace.equals(owner.get())) {
                    throw QueryException.invalid("experiment " + experimentId + " is not in namespace " + namespace);
                }
            } else if (namespace != null) {
                caller.checkMayRead(namespace, "namespace " + namespace);
            }
            return RunScope.experiment(experimentId);
        }
        if (namespace == null) {
            throw QueryException.invalid("namespace or experiment_id is required in multi-user mode");
        }
        caller.checkMayRead(namespace, "namespace " + namespace);
        return RunScope.namespace(namespace);
    }

    static RunViewMode view(String view) {
        if (view == null || view.isBlank()) {
            return RunViewMode.DEFAULT;
        }
        try {
            return RunViewMode.valueOf(view);
        } catch (IllegalArgumentException e) {
            throw QueryException.invalid("view: unknown value '" + view + "', expected DEFAULT or FULL");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
