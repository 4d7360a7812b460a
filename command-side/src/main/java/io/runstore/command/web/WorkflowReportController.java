package io.runstore.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.runstore.api.ConsistencyToken;
import io.runstore.command.idempotency.CommandOrigin;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.Written;
import io.runstore.command.workflow.WorkflowReports;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.Optional;

/**
 * KFP's ReportService as its gateway maps it to HTTP: the body is the {@code workflow} (or
 * {@code scheduled_workflow}) field, a JSON string holding the custom resource. The resource itself as a JSON object
 * is taken too. Answers {@code {}} as KFP does, with the consistency token when the report was applied.
 */
@RestController
@Profile("command")
class WorkflowReportController {

    private final WorkflowReports reports;

    WorkflowReportController(WorkflowReports reports) {
        this.reports = reports;
    }

    @PostMapping({"/apis/v1beta1/workflows", "/apis/v2beta1/workflows"})
    ResponseEntity<Map<String, Object>> reportWorkflow(@RequestBody JsonNode body, CommandOrigin origin) {
        Optional<Written> written = reports.reportWorkflow(document(body, "workflow"), origin);
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        written.ifPresent(w -> answer.header(ConsistencyToken.HEADER, WriteAnswers.token(w)));
        return answer.body(Map.of());
    }

    @PostMapping({"/apis/v1beta1/scheduledworkflows", "/apis/v2beta1/scheduledworkflows"})
    ResponseEntity<Map<String, Object>> reportScheduledWorkflow(@RequestBody JsonNode body) {
        reports.reportScheduledWorkflow(document(body, "scheduled_workflow"));
        return ResponseEntity.ok(Map.of());
    }

    private static String document(JsonNode body, String field) {
        if (body == null || body.isNull()) {
            throw CommandRejectedException.invalidArgument(field + ": the body is empty");
        }
        if (body.isTextual()) {
            return body.asText();
        }
        if (body.isObject()) {
            return body.toString();
        }
        throw CommandRejectedException.invalidArgument(
                field + ": wrong type, expected a string holding the resource as JSON");
    }
}
