package io.runstore.command.web;

import io.runstore.command.idempotency.CommandOrigin;
import io.runstore.command.run.Commands;
import io.runstore.command.run.MetricResult;
import io.runstore.command.run.MetricsWritten;
import io.runstore.command.run.ServerClock;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code POST /apis/v2beta1/runs/{run_id}:reportMetrics} (and KFP's own v1beta1 path) with KFP v1 ReportRunMetrics semantics: one result per
 * metric (OK, INVALID_ARGUMENT or DUPLICATE_REPORTING); the accepted ones are one event.
 */
@RestController
@Profile("command")
class MetricController {

    private final Commands commands;

    MetricController(Commands commands) {
        this.commands = commands;
    }

    @PostMapping({"/apis/v2beta1/runs/{run_id}:reportMetrics", "/apis/v1beta1/runs/{run_id}:reportMetrics"})
    ResponseEntity<ReportMetricsResponse> report(@PathVariable("run_id") String runId,
                                                 @RequestBody ReportMetricsRequest body, CommandOrigin origin) {
        MetricsWritten written = commands.send(body.toCommand(runId, ServerClock.now()), origin);
        return WriteAnswers.ok(written, new ReportMetricsResponse(written.results()));
    }

    /** KFP v1 ReportRunMetricsResponse. */
    record ReportMetricsResponse(List<MetricResult> results) {
    }
}
