package io.runstore.command.kfpimport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.events.EventJson;
import io.runstore.events.metric.MetricFormat;
import io.runstore.events.metric.RunMetric;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RpcStatus;
import io.runstore.events.run.RuntimeConfig;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.run.StorageState;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskPod;
import io.runstore.events.task.TaskState;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads runs from a KFP database, MySQL or PostgreSQL (the tables KFP's API server creates: run_details,
 * resource_references, tasks, run_metrics), with plain JDBC and the identifier quoting the driver names. Runs are
 * read in creation order ({@code CreatedAtInSec}, {@code UUID}) in pages; the large manifests (workflow runtime,
 * workflow spec) are never read. Columns that older KFP versions lack ({@code StateHistory}, {@code State},
 * {@code ArchivedAtInSec}, ...) are read when they exist.
 */
final class KfpSource {

    /** Where a pass over the runs stands: after this (created at, UUID). */
    record Cursor(long createdAtInSec, String runId) {
        static final Cursor START = new Cursor(Long.MIN_VALUE, "");
    }

    private static final List<String> RUN_COLUMNS = List.of("UUID", "DisplayName", "Description", "Namespace",
            "ExperimentUUID", "JobUUID", "StorageState", "ServiceAccount", "PipelineId", "PipelineVersionId",
            "PipelineSpecManifest", "RuntimeParameters", "PipelineRoot", "CreatedAtInSec", "ScheduledAtInSec",
            "FinishedAtInSec", "Conditions", "State", "StateHistory", "ArchivedAtInSec");
    private static final List<String> TASK_COLUMNS = List.of("UUID", "RunUUID", "PodName", "CreatedTimestamp",
            "StartedTimestamp", "FinishedTimestamp", "Fingerprint", "Name", "ParentTaskUUID", "State",
            "MLMDInputs", "MLMDOutputs", "ChildrenPods");

    private final DataSource dataSource;
    private final ObjectMapper json = EventJson.newObjectMapper();
    private final String quote;
    private final Set<String> runColumns;
    private final Set<String> taskColumns;
    private final Set<String> experimentColumns;

    KfpSource(DataSource dataSource) throws SQLException {
        this.dataSource = dataSource;
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            this.quote = metaData.getIdentifierQuoteString().trim();
            this.runColumns = columns(connection, "run_details");
            this.taskColumns = columns(connection, "tasks");
            this.experimentColumns = columns(connection, "experiments");
        }
        if (!runColumns.contains("uuid")) {
            throw new IllegalArgumentException("the KFP database has no run_details table with a UUID column");
        }
    }

    long countRuns() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM run_details");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The ids of the next {@code limit} runs after {@code cursor}, in creation order, with their cursor. */
    List<Cursor> nextRuns(Cursor cursor, int limit) throws SQLException {
        String sql = "SELECT " + q("UUID") + ", " + q("CreatedAtInSec") + " FROM run_details WHERE "
                + q("CreatedAtInSec") + " > ? OR (" + q("CreatedAtInSec") + " = ? AND " + q("UUID") + " > ?) ORDER BY "
                + q("CreatedAtInSec") + ", " + q("UUID") + " LIMIT " + limit;
        List<Cursor> runs = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, cursor.createdAtInSec());
            statement.setLong(2, cursor.createdAtInSec());
            statement.setString(3, cursor.runId());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    runs.add(new Cursor(rows.getLong(2), rows.getString(1)));
                }
            }
        }
        return runs;
    }

    /**
     * The ids of runs that may have changed since {@code sinceSec}: created, finished or archived since then, or
     * not finished yet (KFP keeps no time of last change).
     */
    List<String> runsChangedSince(long sinceSec) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + q("UUID") + " FROM run_details WHERE "
                + q("CreatedAtInSec") + " >= ? OR " + q("FinishedAtInSec") + " >= ? OR " + q("FinishedAtInSec")
                + " = 0 OR " + q("FinishedAtInSec") + " IS NULL");
        boolean archivedAt = runColumns.contains("archivedatinsec");
        if (archivedAt) {
            sql.append(" OR ").append(q("ArchivedAtInSec")).append(" >= ?");
        }
        List<String> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            statement.setLong(1, sinceSec);
            statement.setLong(2, sinceSec);
            if (archivedAt) {
                statement.setLong(3, sinceSec);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    /**
     * Every experiment of the KFP database, in creation order (none when it has no experiments table). KFP keeps
     * a few per namespace, so they are read at once.
     */
    List<KfpExperiment> experiments() throws SQLException {
        if (!experimentColumns.contains("uuid")) {
            return List.of();
        }
        List<String> columns = List.of("UUID", "Name", "Description", "CreatedAtInSec", "Namespace", "StorageState");
        List<KfpExperiment> experiments = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            query(connection, "SELECT " + columns.stream().map(this::q).collect(Collectors.joining(", "))
                    + " FROM experiments ORDER BY " + q("CreatedAtInSec") + ", " + q("UUID"), List.of(),
                    row -> experiments.add(new KfpExperiment(text(row, "UUID"), nullToEmpty(text(row, "Namespace")),
                            text(row, "Name"), nullToEmpty(text(row, "Description")),
                            seconds(row, "CreatedAtInSec"), archived(text(row, "StorageState"))
                                    ? StorageState.ARCHIVED : StorageState.AVAILABLE)), columns);
        }
        return experiments;
    }

    /** The runs with these ids, each with its references, tasks and metrics, in the order asked. */
    List<KfpRun> load(List<String> runIds) throws SQLException {
        if (runIds.isEmpty()) {
            return List.of();
        }
        String in = runIds.stream().map(id -> "?").collect(Collectors.joining(", ", "(", ")"));
        Map<String, Map<String, Object>> runs = new HashMap<>();
        Map<String, Map<String, String>> references = new HashMap<>();
        Map<String, List<Map<String, Object>>> tasks = new HashMap<>();
        Map<String, List<RunMetric>> metrics = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            List<String> present = RUN_COLUMNS.stream().filter(c -> runColumns.contains(c.toLowerCase(Locale.ROOT)))
                    .toList();
            query(connection, "SELECT " + present.stream().map(this::q).collect(Collectors.joining(", "))
                    + " FROM run_details WHERE " + q("UUID") + " IN " + in, runIds, row -> runs.put(
                    (String) row.get("UUID"), row), present);
            query(connection, "SELECT " + q("ResourceUUID") + ", " + q("ReferenceUUID") + ", " + q("ReferenceType")
                    + " FROM resource_references WHERE " + q("ResourceType") + " = 'Run' AND " + q("ResourceUUID")
                    + " IN " + in, runIds, row -> references.computeIfAbsent((String) row.get("ResourceUUID"),
                    k -> new HashMap<>()).put((String) row.get("ReferenceType"), (String) row.get("ReferenceUUID")),
                    List.of("ResourceUUID", "ReferenceUUID", "ReferenceType"));
            List<String> taskPresent = TASK_COLUMNS.stream()
                    .filter(c -> taskColumns.contains(c.toLowerCase(Locale.ROOT))).toList();
            if (!taskColumns.isEmpty()) {
                query(connection, "SELECT " + taskPresent.stream().map(this::q).collect(Collectors.joining(", "))
                        + " FROM tasks WHERE " + q("RunUUID") + " IN " + in, runIds, row -> tasks.computeIfAbsent(
                        (String) row.get("RunUUID"), k -> new ArrayList<>()).add(row), taskPresent);
            }
            query(connection, "SELECT " + q("RunUUID") + ", " + q("NodeID") + ", " + q("Name") + ", "
                    + q("NumberValue") + ", " + q("Format") + " FROM run_metrics WHERE " + q("RunUUID") + " IN " + in,
                    runIds, row -> metrics.computeIfAbsent((String) row.get("RunUUID"), k -> new ArrayList<>())
                            .add(new RunMetric((String) row.get("NodeID"), (String) row.get("Name"),
                                    row.get("NumberValue") == null ? 0 : ((Number) row.get("NumberValue")).doubleValue(),
                                    format((String) row.get("Format")))),
                    List.of("RunUUID", "NodeID", "Name", "NumberValue", "Format"));
        }
        List<KfpRun> loaded = new ArrayList<>();
        for (String runId : runIds) {
            Map<String, Object> row = runs.get(runId);
            if (row != null) {
                loaded.add(run(row, references.getOrDefault(runId, Map.of()), tasks.getOrDefault(runId, List.of()),
                        metrics.getOrDefault(runId, List.of())));
            }
        }
        return loaded;
    }

    private KfpRun run(Map<String, Object> row, Map<String, String> references, List<Map<String, Object>> taskRows,
                       List<RunMetric> metrics) {
        String runId = text(row, "UUID");
        Instant createdAt = seconds(row, "CreatedAtInSec");
        Instant finishedAt = seconds(row, "FinishedAtInSec");
        Instant scheduledAt = seconds(row, "ScheduledAtInSec");
        String namespace = firstNonEmpty(text(row, "Namespace"), references.get("Namespace"));
        String experimentId = firstNonEmpty(text(row, "ExperimentUUID"), references.get("Experiment"));
        String pipelineId = text(row, "PipelineId");
        String pipelineVersionId = text(row, "PipelineVersionId");
        PipelineVersionReference reference = isEmpty(pipelineId) && isEmpty(pipelineVersionId) ? null
                : new PipelineVersionReference(emptyToNull(pipelineId), emptyToNull(pipelineVersionId));
        JsonNode parameters = jsonObject(text(row, "RuntimeParameters"));
        String pipelineRoot = text(row, "PipelineRoot");
        RuntimeConfig runtimeConfig = parameters == null && isEmpty(pipelineRoot) ? null
                : new RuntimeConfig(parameters, emptyToNull(pipelineRoot));
        StorageState storageState = archived(text(row, "StorageState")) ? StorageState.ARCHIVED
                : StorageState.AVAILABLE;
        Instant archivedAt = seconds(row, "ArchivedAtInSec");
        if (storageState == StorageState.ARCHIVED && archivedAt == null) {
            archivedAt = finishedAt != null ? finishedAt : createdAt;
        }
        List<KfpRun.Task> tasks = tasks(taskRows);
        Instant lastTime = createdAt;
        for (KfpRun.Task task : tasks) {
            lastTime = max(lastTime, task.details().endTime());
        }
        return new KfpRun(runId, namespace == null ? "" : namespace, emptyToNull(experimentId),
                firstNonEmpty(text(row, "DisplayName"), runId), emptyToNull(text(row, "Description")), reference,
                jsonObject(text(row, "PipelineSpecManifest")), runtimeConfig, emptyToNull(text(row, "ServiceAccount")),
                emptyToNull(text(row, "JobUUID")), createdAt, scheduledAt == null ? createdAt : scheduledAt,
                stateHistory(row, createdAt, finishedAt), storageState,
                storageState == StorageState.ARCHIVED ? archivedAt : null, tasks, metrics,
                finishedAt != null ? finishedAt : lastTime);
    }

    private List<KfpRun.State> stateHistory(Map<String, Object> row, Instant createdAt, Instant finishedAt) {
        List<KfpRun.State> history = new ArrayList<>();
        JsonNode entries = jsonArray(text(row, "StateHistory"));
        if (entries != null) {
            for (JsonNode entry : entries) {
                RuntimeState state = runState(entry.path("State").asText(""));
                if (state == null) {
                    continue;
                }
                JsonNode error = entry.get("Error");
                RpcStatus status = error == null || !error.isObject() ? null
                        : new RpcStatus(error.path("Code").isNumber() ? error.path("Code").asInt() : null,
                        error.path("Message").asText(null), null);
                history.add(new KfpRun.State(Instant.ofEpochSecond(entry.path("UpdateTimeInSec").asLong()), state,
                        status));
            }
        }
        if (history.isEmpty()) {
            RuntimeState state = runState(firstNonEmpty(text(row, "State"), text(row, "Conditions")));
            if (state != null) {
                history.add(new KfpRun.State(state.isTerminal() && finishedAt != null ? finishedAt : createdAt, state,
                        null));
            }
        }
        history.sort(Comparator.comparing(KfpRun.State::at));
        return history;
    }

    private List<KfpRun.Task> tasks(List<Map<String, Object>> rows) {
        Map<String, KfpRun.Task> byId = new LinkedHashMap<>();
        rows.stream().sorted(Comparator.comparing((Map<String, Object> row) -> number(row, "CreatedTimestamp"))
                        .thenComparing(row -> text(row, "UUID")))
                .forEach(row -> {
                    String taskId = text(row, "UUID");
                    Instant created = seconds(row, "CreatedTimestamp");
                    Instant started = seconds(row, "StartedTimestamp");
                    List<TaskPod> pods = pods(text(row, "ChildrenPods"), text(row, "PodName"));
                    byId.put(taskId, new KfpRun.Task(taskId, new TaskDetails(text(row, "Name"), text(row, "Name"),
                            emptyToNull(text(row, "ParentTaskUUID")), null, null, taskState(text(row, "State")), pods,
                            emptyToNull(text(row, "Fingerprint")), started != null ? started : created,
                            seconds(row, "FinishedTimestamp"), null, jsonObject(text(row, "MLMDInputs")),
                            jsonObject(text(row, "MLMDOutputs")), null, null)));
                });
        // parents before their children, so that every parent a task names exists when it is created
        List<KfpRun.Task> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (KfpRun.Task task : byId.values()) {
            place(task, byId, placed, ordered, 0);
        }
        return ordered;
    }

    private static void place(KfpRun.Task task, Map<String, KfpRun.Task> byId, Set<String> placed,
                              List<KfpRun.Task> ordered, int depth) {
        if (placed.contains(task.taskId())) {
            return;
        }
        String parent = task.details().parentTaskId();
        if (parent != null && byId.containsKey(parent) && depth < byId.size()) {
            place(byId.get(parent), byId, placed, ordered, depth + 1);
        }
        if (placed.add(task.taskId())) {
            ordered.add(task);
        }
    }

    private List<TaskPod> pods(String childrenPods, String podName) {
        List<TaskPod> pods = new ArrayList<>();
        JsonNode names = jsonArray(childrenPods);
        if (names != null) {
            names.forEach(name -> pods.add(new TaskPod(name.asText(), null, TaskPod.PodType.UNSPECIFIED)));
        }
        if (pods.isEmpty() && !isEmpty(podName)) {
            pods.add(new TaskPod(podName, null, TaskPod.PodType.UNSPECIFIED));
        }
        return pods.isEmpty() ? null : pods;
    }

    /** A KFP v2 state name, or a v1 condition ("Running", "Succeeded", ...); null for what names no state. */
    static RuntimeState runState(String name) {
        if (isEmpty(name)) {
            return null;
        }
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "PENDING" -> RuntimeState.PENDING;
            case "RUNNING" -> RuntimeState.RUNNING;
            case "SUCCEEDED" -> RuntimeState.SUCCEEDED;
            case "SKIPPED" -> RuntimeState.SKIPPED;
            case "FAILED", "ERROR" -> RuntimeState.FAILED;
            case "CANCELING", "TERMINATING" -> RuntimeState.CANCELING;
            case "CANCELED" -> RuntimeState.CANCELED;
            case "PAUSED" -> RuntimeState.PAUSED;
            default -> null;
        };
    }

    private static TaskState taskState(String name) {
        RuntimeState state = runState(name);
        if (state == null) {
            return "CACHED".equalsIgnoreCase(name) ? TaskState.CACHED : null;
        }
        return switch (state) {
            case RUNNING, CANCELING, PAUSED -> TaskState.RUNNING;
            case SUCCEEDED -> TaskState.SUCCEEDED;
            case SKIPPED -> TaskState.SKIPPED;
            case FAILED, CANCELED -> TaskState.FAILED;
            default -> null;
        };
    }

    private static MetricFormat format(String name) {
        if ("RAW".equalsIgnoreCase(name)) {
            return MetricFormat.RAW;
        }
        return "PERCENTAGE".equalsIgnoreCase(name) ? MetricFormat.PERCENTAGE : MetricFormat.UNSPECIFIED;
    }

    private interface RowHandler {
        void handle(Map<String, Object> row);
    }

    private void query(Connection connection, String sql, Collection<String> runIds, RowHandler handler,
                       List<String> columns) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            for (String runId : runIds) {
                statement.setString(i++, runId);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int c = 0; c < columns.size(); c++) {
                        row.put(columns.get(c), rows.getObject(c + 1));
                    }
                    handler.handle(row);
                }
            }
        }
    }

    private static Set<String> columns(Connection connection, String table) throws SQLException {
        Set<String> names = new HashSet<>();
        DatabaseMetaData metaData = connection.getMetaData();
        for (String candidate : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rows = metaData.getColumns(connection.getCatalog(), null, candidate, null)) {
                while (rows.next()) {
                    names.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    private String q(String identifier) {
        return quote + identifier + quote;
    }

    private JsonNode jsonObject(String text) {
        JsonNode node = parse(text);
        return node != null && node.isObject() && !node.isEmpty() ? node : null;
    }

    private JsonNode jsonArray(String text) {
        JsonNode node = parse(text);
        return node != null && node.isArray() ? node : null;
    }

    private JsonNode parse(String text) {
        if (isEmpty(text)) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** KFP's v2 storage state, or v1's enum name that older rows keep. */
    private static boolean archived(String storageState) {
        return "ARCHIVED".equalsIgnoreCase(storageState) || "STORAGESTATE_ARCHIVED".equalsIgnoreCase(storageState);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String text(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? null : value.toString();
    }

    private static long number(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value instanceof Number number ? number.longValue() : 0L;
    }

    private static Instant seconds(Map<String, Object> row, String column) {
        long seconds = number(row, column);
        return seconds > 0 ? Instant.ofEpochSecond(seconds) : null;
    }

    private static Instant max(Instant a, Instant b) {
        return b == null || (a != null && !b.isAfter(a)) ? a : b;
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    private static String emptyToNull(String value) {
        return isEmpty(value) ? null : value;
    }

    private static String firstNonEmpty(String first, String second) {
        return isEmpty(first) ? emptyToNull(second) : first;
    }
}
