package io.runstore.query.run;

import io.runstore.api.ErrorCode;
import io.runstore.security.Caller;
import io.runstore.query.auth.ReadGate;
import io.runstore.query.listing.Listing;
import io.runstore.query.web.QueryException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** ListRuns and GetRun of the KFP v2beta1 RunService, read from the projected tables. */
@RestController
@Profile("query")
@RequestMapping("/apis/v2beta1/runs")
class RunQueryController {

    private final RunLister lister;
    private final RunReader reader;
    private final ReadGate gate;
    private final UnprojectedRuns unprojected;

    RunQueryController(RunLister lister, RunReader reader, ReadGate gate, UnprojectedRuns unprojected) {
        this.lister = lister;
        this.reader = reader;
        this.gate = gate;
        this.unprojected = unprojected;
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
        RunViewMode mode = view(view);
        Optional<RunReader.NamespacedRun> read = reader.get(runId, mode);
        if (read.isEmpty() && unprojected.awaitProjected(runId)) {
            read = reader.get(runId, mode);
        }
        RunReader.NamespacedRun found = read.orElseThrow(() ->
                new QueryException(ErrorCode.NOT_FOUND, "run " + runId + " not found"));
        caller.checkMayRead(found.namespace(), "run " + runId);
        return found.run();
    }

    /**
     * Experiment if given, else namespace. In multi-user mode an experiment is read within the caller's namespaces (or
     * the one given, which must be one the experiment has runs in); an experiment whose runs are all elsewhere is a 403.
     */
    private RunScope scope(Caller caller, String namespace, String experimentId) {
        if (!caller.multiUser()) {
            return experimentId != null ? RunScope.experiment(experimentId) : RunScope.all();
        }
        if (experimentId != null) {
            Set<String> owners = reader.namespacesOfExperiment(experimentId);
            Set<String> readable = owners.stream().filter(caller::mayRead).collect(Collectors.toSet());
            if (!owners.isEmpty() && readable.isEmpty()) {
                caller.checkMayRead(owners.iterator().next(), "experiment " + experimentId);
            }
            if (namespace == null) {
                return caller.readsEveryNamespace() ? RunScope.experiment(experimentId)
                        : RunScope.experimentWithin(experimentId, caller.namespaces());
            }
            if (!owners.isEmpty() && !owners.contains(namespace)) {
                throw QueryException.invalid("experiment " + experimentId + " is not in namespace " + namespace);
            }
            caller.checkMayRead(namespace, "namespace " + namespace);
            return RunScope.experimentWithin(experimentId, Set.of(namespace));
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
