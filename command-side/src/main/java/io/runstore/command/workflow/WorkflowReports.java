package io.runstore.command.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.runstore.command.idempotency.CommandOrigin;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.Commands;
import io.runstore.command.run.ReportWorkflow;
import io.runstore.command.run.ReportedWorkflow;
import io.runstore.command.run.ServerClock;
import io.runstore.command.run.Written;
import io.runstore.events.EventJson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The reports of KFP's persistence agent, whichever way they come (gRPC or HTTP). The agent re-sends every running
 * workflow at least every 30 s, mostly unchanged: a workflow document this server has already applied (the same
 * bytes, by SHA-256) is answered at once without touching the run or the database. Any other report is read
 * ({@link ArgoWorkflow}) and sent as {@link ReportWorkflow} through the same dispatch as every command, where the run
 * decides what is new. Only a report that was applied is remembered
 * ({@code runstore.workflow-report.cache-size} documents, default 100,000).
 */
@Component
@Profile("command")
public class WorkflowReports {

    private final Commands commands;
    private final ObjectMapper json = EventJson.newObjectMapper();
    private final Cache<String, Boolean> applied;

    WorkflowReports(Commands commands, @Value("${runstore.workflow-report.cache-size:100000}") long cacheSize) {
        this.commands = commands;
        this.applied = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    /** Applies a workflow report; empty when it was already applied (nothing was done). */
    public Optional<Written> reportWorkflow(String workflow, CommandOrigin origin) {
        String digest = workflow == null ? null : digest(workflow);
        if (digest != null && applied.getIfPresent(digest) != null) {
            return Optional.empty();
        }
        ReportedWorkflow reported = ArgoWorkflow.read(workflow, json);
        Written written = commands.send(new ReportWorkflow(reported.runId(), reported, ServerClock.now()), origin);
        applied.put(digest, Boolean.TRUE);
        return Optional.of(written);
    }

    /**
     * A ScheduledWorkflow (recurring run) report. runstore keeps no recurring runs (they stay with KFP's API
     * server): the report is checked as KFP checks it and writes nothing; the runs a recurring run starts are
     * created by their first workflow report.
     */
    public void reportScheduledWorkflow(String scheduledWorkflow) {
        if (scheduledWorkflow == null || scheduledWorkflow.isBlank()) {
            throw CommandRejectedException.invalidArgument("scheduled_workflow: the scheduled workflow is empty");
        }
        JsonNode root;
        try {
            root = json.readTree(scheduledWorkflow);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw CommandRejectedException.invalidArgument(
                    "scheduled_workflow: could not unmarshal the scheduled workflow: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("metadata").isObject()) {
            throw CommandRejectedException.invalidArgument(
                    "scheduled_workflow: expected a JSON object with metadata (a ScheduledWorkflow custom resource)");
        }
        if (root.path("metadata").path("uid").asText("").isEmpty()) {
            throw CommandRejectedException.invalidArgument("scheduled_workflow: metadata.uid is missing");
        }
    }

    private static String digest(String document) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(document.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
