package io.runstore.query.experiment;

import io.runstore.api.ErrorCode;
import io.runstore.security.Caller;
import io.runstore.query.auth.ReadGate;
import io.runstore.query.listing.Listing;
import io.runstore.query.run.UnprojectedRuns;
import io.runstore.query.web.QueryException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

/**
 * ListExperiments and GetExperiment of KFP's v2beta1 ExperimentService, read from the experiment table; and v1beta1
 * GetExperiment, which KFP's UI calls when it opens a run's details.
 */
@RestController
@Profile("query")
class ExperimentQueryController {

    private final ExperimentReader reader;
    private final ReadGate gate;
    private final UnprojectedRuns unprojected;

    ExperimentQueryController(ExperimentReader reader, ReadGate gate, UnprojectedRuns unprojected) {
        this.reader = reader;
        this.gate = gate;
        this.unprojected = unprojected;
    }

    @GetMapping("/apis/v2beta1/experiments")
    ListExperimentsView list(HttpServletRequest request,
                             @RequestParam(name = "namespace", required = false) String namespace,
                             @RequestParam(name = "page_size", defaultValue = "0") int pageSize,
                             @RequestParam(name = "page_token", required = false) String pageToken,
                             @RequestParam(name = "sort_by", required = false) String sortBy,
                             @RequestParam(name = "filter", required = false) String filter) {
        Caller caller = gate.enter(request);
        String scope = null;
        if (caller.multiUser()) {
            if (namespace == null || namespace.isBlank()) {
                throw QueryException.invalid("namespace is required in multi-user mode");
            }
            caller.checkMayRead(namespace, "namespace " + namespace);
            scope = namespace;
        }
        return reader.list(scope, new Listing.Parameters(filter, sortBy, "sort_by", pageToken), pageSize);
    }

    @GetMapping("/apis/v2beta1/experiments/{experimentId}")
    ExperimentView get(HttpServletRequest request, @PathVariable String experimentId) {
        return readable(request, experimentId);
    }

    @GetMapping("/apis/v1beta1/experiments/{experimentId}")
    ExperimentV1View getV1(HttpServletRequest request, @PathVariable String experimentId) {
        return ExperimentV1View.of(readable(request, experimentId));
    }

    private ExperimentView readable(HttpServletRequest request, String experimentId) {
        Caller caller = gate.enter(request);
        // an experiment just created, e.g. the Default one a CreateRun made, whose write waited only for its run
        Optional<ExperimentView> read = reader.get(experimentId);
        if (read.isEmpty() && unprojected.awaitProjected(experimentId)) {
            read = reader.get(experimentId);
        }
        ExperimentView found = read.orElseThrow(() ->
                new QueryException(ErrorCode.NOT_FOUND, "experiment " + experimentId + " not found"));
        caller.checkMayRead(found.namespace(), "experiment " + experimentId);
        return found;
    }
}
