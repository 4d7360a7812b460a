package io.runstore.query.history;

import io.runstore.api.ErrorCode;
import io.runstore.api.event.RunEventView;
import io.runstore.security.Caller;
import io.runstore.query.auth.ReadGate;
import io.runstore.query.web.QueryException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * runstore's extension: {@code GET /apis/v2beta1/runs/{run_id}/events}, the run's history from the event store (the
 * only read that does not come from the read tables).
 */
@RestController
@Profile("query")
class RunHistoryController {

    private final RunHistoryReader reader;
    private final ReadGate gate;

    RunHistoryController(RunHistoryReader reader, ReadGate gate) {
        this.reader = reader;
        this.gate = gate;
    }

    @GetMapping("/apis/v2beta1/runs/{runId}/events")
    RunEventView.Page events(HttpServletRequest request, @PathVariable String runId,
                             @RequestParam(name = "page_size", defaultValue = "0") int pageSize,
                             @RequestParam(name = "page_token", required = false) String pageToken) {
        Caller caller = gate.enter(request);
        String namespace = reader.namespaceOf(runId).orElseThrow(() ->
                new QueryException(ErrorCode.NOT_FOUND, "run " + runId + " not found"));
        caller.checkMayRead(namespace, "run " + runId);
        return reader.page(runId, pageToken, pageSize);
    }
}
