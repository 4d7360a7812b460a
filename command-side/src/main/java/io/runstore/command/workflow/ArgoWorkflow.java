package io.runstore.command.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.ReportedWorkflow;
import io.runstore.command.run.ServerClock;
import io.runstore.events.run.RpcStatus;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskPod;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskStatusMetadata;
import io.runstore.events.task.TaskType;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a run needs from an Argo Workflow as KFP's persistence agent sends it (the whole custom resource as
 * JSON): the run id from the {@value #RUN_ID_LABEL} label, the recurring run from an owner reference of kind
 * ScheduledWorkflow, the phase, times and message of {@code status}, and one task per {@code status.nodes} entry.
 * What KFP refuses (no run id label, no namespace) and what is not a workflow is an InvalidArgument naming the field.
 * <p>
 * Phases map as KFP maps them (Error is FAILED); a workflow being stopped ({@code spec.shutdown}, or
 * {@code spec.activeDeadlineSeconds} 0) is CANCELING until it ends, then CANCELED. Node types: the workflow's own
 * node is the ROOT task, a TaskGroup (the iterations of a loop) a LOOP, other groups DAG, pods RUNTIME. A node that
 * has not started has no state yet; a memoized (cache hit) node is CACHED. A pod's name is Argo's
 * {@code <workflow>-<template>-<hash of the node id>}.
 */
final class ArgoWorkflow {

    static final String RUN_ID_LABEL = "pipeline/runid";
    static final String WORKFLOW_EPOCH_LABEL = "scheduledworkflows.kubeflow.org/workflowEpoch";
    /** Stands for an absent object: it has no fields. Never written to. */
    private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();

    private ArgoWorkflow() {
    }

    static ReportedWorkflow read(String json, ObjectMapper mapper) {
        if (json == null || json.isBlank()) {
            throw invalid("workflow: the workflow is empty");
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("workflow: could not unmarshal the workflow: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("workflow: expected a JSON object (a Workflow custom resource)");
        }
        JsonNode metadata = object(root, "metadata");
        String name = text(metadata, "metadata.name");
        if (name == null || name.isEmpty()) {
            throw invalid("workflow: metadata.name is missing");
        }
        JsonNode labels = object(metadata, "metadata.labels");
        String runId = text(labels, "metadata.labels." + RUN_ID_LABEL, RUN_ID_LABEL);
        if (runId == null || runId.isEmpty()) {
            throw invalid("workflow " + name + ": missing the run id label " + RUN_ID_LABEL);
        }
        String namespace = text(metadata, "metadata.namespace");
        if (namespace == null || namespace.isEmpty()) {
            throw invalid("workflow " + name + ": metadata.namespace is empty");
        }
        Instant createdAt = time(metadata, "metadata.creationTimestamp", "creationTimestamp");
        Instant scheduledAt = scheduledAt(labels, createdAt);
        JsonNode spec = object(root, "spec");
        JsonNode status = object(root, "status");
        boolean stopping = isStopping(spec);
        RuntimeState state = runState(text(status, "status.phase"), stopping);
        String message = text(status, "status.message");
        RpcStatus error = (state == RuntimeState.FAILED || state == RuntimeState.CANCELED)
                && message != null && !message.isEmpty() ? new RpcStatus(null, message, null) : null;
        Instant stateTime = state.isTerminal() ? time(status, "status.finishedAt", "finishedAt")
                : state == RuntimeState.RUNNING ? time(status, "status.startedAt", "startedAt") : null;
        return new ReportedWorkflow(runId, name, namespace, recurringRunId(metadata),
                createdAt == null ? ServerClock.now() : createdAt, scheduledAt, state, error, stateTime,
                nodes(name, object(status, "status.nodes")));
    }

    private static boolean isStopping(JsonNode spec) {
        String shutdown = text(spec, "spec.shutdown");
        JsonNode deadline = spec.get("activeDeadlineSeconds");
        return (shutdown != null && !shutdown.isEmpty())
                || (deadline != null && deadline.canConvertToLong() && deadline.asLong() == 0);
    }

    private static RuntimeState runState(String phase, boolean stopping) {
        RuntimeState state = switch (phase == null ? "" : phase) {
            case "", "Pending" -> RuntimeState.PENDING;
            case "Running" -> RuntimeState.RUNNING;
            case "Succeeded" -> RuntimeState.SUCCEEDED;
            case "Failed", "Error" -> RuntimeState.FAILED;
            default -> throw invalid("workflow: status.phase: unknown phase '" + phase
                    + "', expected Pending, Running, Succeeded, Failed or Error");
        };
        if (!stopping) {
            return state;
        }
        return state == RuntimeState.FAILED ? RuntimeState.CANCELED
                : state.isTerminal() ? state : RuntimeState.CANCELING;
    }

    private static String recurringRunId(JsonNode metadata) {
        JsonNode owners = metadata.get("ownerReferences");
        if (owners == null || owners.isNull()) {
            return null;
        }
        if (!owners.isArray()) {
            throw invalid("workflow: metadata.ownerReferences: wrong type, expected an array");
        }
        for (JsonNode owner : owners) {
            if ("ScheduledWorkflow".equals(owner.path("kind").asText()) && !owner.path("uid").asText().isEmpty()) {
                return owner.path("uid").asText();
            }
        }
        return null;
    }

    private static Instant scheduledAt(JsonNode labels, Instant createdAt) {
        String epoch = labels.path(WORKFLOW_EPOCH_LABEL).asText("");
        if (epoch.isEmpty()) {
            return createdAt;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(epoch));
        } catch (NumberFormatException e) {
            throw invalid("workflow: metadata.labels." + WORKFLOW_EPOCH_LABEL + ": '" + epoch
                    + "' is not a number of seconds");
        }
    }

    /** The nodes as tasks, each parent (the node listing it among its children) before its children. */
    private static List<ReportedWorkflow.Node> nodes(String workflowName, JsonNode nodes) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = nodes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isObject()) {
                throw invalid("workflow: status.nodes." + entry.getKey() + ": wrong type, expected an object");
            }
            byId.put(entry.getKey(), entry.getValue());
        }
        Map<String, String> parents = new HashMap<>();
        byId.forEach((id, node) -> {
            JsonNode children = node.get("children");
            if (children != null && !children.isNull() && !children.isArray()) {
                throw invalid("workflow: status.nodes." + id + ".children: wrong type, expected an array");
            }
            if (children != null) {
                children.forEach(child -> {
                    if (byId.containsKey(child.asText()) && !child.asText().equals(id)) {
                        parents.putIfAbsent(child.asText(), id);
                    }
                });
            }
        });
        List<ReportedWorkflow.Node> ordered = new ArrayList<>();
        Deque<String> next = new ArrayDeque<>();
        byId.keySet().stream().filter(id -> !parents.containsKey(id)).forEach(next::add);
        Map<String, List<String>> childrenOf = new HashMap<>();
        parents.forEach((child, parent) -> childrenOf.computeIfAbsent(parent, p -> new ArrayList<>()).add(child));
        while (!next.isEmpty()) {
            String id = next.poll();
            ordered.add(new ReportedWorkflow.Node(id, task(workflowName, id, byId.get(id), parents.get(id))));
            childrenOf.getOrDefault(id, List.of()).stream().sorted().forEach(next::add);
        }
        if (ordered.size() != byId.size()) {
            throw invalid("workflow: status.nodes: the children lists form a cycle");
        }
        return ordered;
    }

    private static TaskDetails task(String workflowName, String id, JsonNode node, String parentId) {
        String field = "status.nodes." + id;
        String type = text(node, field + ".type");
        String displayName = text(node, field + ".displayName");
        String name = text(node, field + ".name");
        String message = text(node, field + ".message");
        boolean cached = node.path("memoizationStatus").path("hit").asBoolean(false);
        TaskType taskType = id.equals(workflowName) ? TaskType.ROOT : taskType(type);
        List<TaskPod> pods = "Pod".equals(type)
                ? List.of(new TaskPod(podName(workflowName, id, text(node, field + ".templateName")), null,
                TaskPod.PodType.EXECUTOR))
                : null;
        return new TaskDetails(name, displayName == null ? name : displayName, parentId, taskType, null,
                taskState(text(node, field + ".phase"), cached, field), pods, null,
                time(node, field + ".startedAt", "startedAt"), time(node, field + ".finishedAt", "finishedAt"),
                message == null || message.isEmpty() ? null : new TaskStatusMetadata(message, null),
                null, null, null, null);
    }

    private static TaskType taskType(String type) {
        if (type == null) {
            return TaskType.TASK_TYPE_UNSPECIFIED;
        }
        return switch (type) {
            case "TaskGroup" -> TaskType.LOOP;
            case "DAG", "Steps", "StepGroup" -> TaskType.DAG;
            default -> TaskType.RUNTIME;
        };
    }

    private static TaskState taskState(String phase, boolean cached, String field) {
        return switch (phase == null ? "" : phase) {
            case "", "Pending" -> null;
            case "Running" -> TaskState.RUNNING;
            case "Succeeded" -> cached ? TaskState.CACHED : TaskState.SUCCEEDED;
            case "Skipped", "Omitted" -> TaskState.SKIPPED;
            case "Failed", "Error" -> TaskState.FAILED;
            default -> throw invalid("workflow: " + field + ".phase: unknown phase '" + phase + "'");
        };
    }

    private static String podName(String workflowName, String nodeId, String templateName) {
        String prefix = workflowName + "-";
        if (templateName == null || templateName.isEmpty() || !nodeId.startsWith(prefix)) {
            return nodeId;
        }
        return workflowName + "-" + templateName + "-" + nodeId.substring(prefix.length());
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode value = parent.get(field.substring(field.lastIndexOf('.') + 1));
        if (value == null || value.isNull()) {
            return EMPTY;
        }
        if (!value.isObject()) {
            throw invalid("workflow: " + field + ": wrong type, expected an object");
        }
        return value;
    }

    private static String text(JsonNode parent, String field) {
        return text(parent, field, field.substring(field.lastIndexOf('.') + 1));
    }

    private static String text(JsonNode parent, String field, String key) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("workflow: " + field + ": wrong type, expected a string");
        }
        return value.asText();
    }

    private static Instant time(JsonNode parent, String field, String key) {
        String value = text(parent, field, key);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return ServerClock.micros(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw invalid("workflow: " + field + ": '" + value + "' is not an RFC 3339 time");
        }
    }

    private static CommandRejectedException invalid(String message) {
        return CommandRejectedException.invalidArgument(message);
    }
}
