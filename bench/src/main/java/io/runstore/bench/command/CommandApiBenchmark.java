package io.runstore.bench.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.bench.report.BarValues;
import io.runstore.bench.report.Charts;
import io.runstore.bench.report.ClosedLoopLatency;
import io.runstore.bench.report.MachineInfo;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

/**
 * Executors writing through the command API over HTTP, against the real server jar started as a separate process on
 * a fresh database, all roles on (the run-list projection follows the events meanwhile):
 * <ul>
 *   <li>{@code tasks:batchUpdate} with 50 tasks per request (50 task events per request), and</li>
 *   <li>single-task {@code PATCH} (1 task event per request),</li>
 * </ul>
 * at 1, 8 and 32 concurrent executors, each executor working on a run of its own with 50 tasks, every request
 * carrying a fresh Idempotency-Key (so the command log is written, as for a real executor). For context, plain JDBC
 * inserting one row per transaction at the same concurrency is measured in the same run on the same database.
 * Latencies as each executor sees them, corrected for coordinated omission ({@link ClosedLoopLatency}). Prints the
 * table and writes it to {@code docs/benchmarks/command.md}; {@code --chart=docs/benchmarks/command.png} draws task
 * events/s against the baseline (the page links it by file name).
 *
 * <p>Run from the repository root (PostgreSQL on 127.0.0.1:5432 and MariaDB on 127.0.0.1:3306, as for the tests):
 * <pre>
 * mvn -B -o -q -pl server,bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp bench/target/classes:$(cat bench/target/classpath.txt) io.runstore.bench.command.CommandApiBenchmark \
 *     --chart=docs/benchmarks/command.png
 * </pre>
 * Options (system properties): {@code -Dbench.seconds=10} measured seconds per point, {@code -Dbench.warmup=3},
 * {@code -Dbench.databases=POSTGRESQL,MYSQL} (or {@code --databases=postgresql,mysql}),
 * {@code -Dbench.jar=server/target/runstore-server.jar}.
 */
public final class CommandApiBenchmark {

    private static final int TASKS_PER_RUN = 50;
    private static final int[] EXECUTORS = {1, 8, 32};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmup", 3));
    private final Duration measured = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
    private final Path chart;
    private String base;

    private CommandApiBenchmark(Path chart) {
        this.chart = chart;
    }

    public static void main(String[] args) throws Exception {
        String document = new CommandApiBenchmark(options(args, null)).measureAll();
        Path out = Path.of("docs/benchmarks/command.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, document);
        System.out.println("Written to " + out.toAbsolutePath());
        System.exit(0);
    }

    /**
     * The benchmark suite's entry ({@code args[0]} names the profile): the Markdown report, not written; its chart
     * {@code <profile>-command.png} in the directory {@code --out} names.
     */
    public static String report(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("quick")) {
            System.setProperty("bench.seconds", System.getProperty("bench.seconds", "5"));
            System.setProperty("bench.warmup", System.getProperty("bench.warmup", "2"));
        }
        return new CommandApiBenchmark(options(args, (args.length > 0 ? args[0] : "quick") + "-command.png"))
                .measureAll();
    }

    /**
     * Sets {@code bench.databases} from {@code --databases}; the chart's file: {@code --chart}, else
     * {@code defaultChart} in the directory {@code --out} names (none without either).
     */
    private static Path options(String[] args, String defaultChart) {
        Path chart = null;
        Path out = null;
        for (String arg : args) {
            if (arg.startsWith("--databases=")) {
                System.setProperty("bench.databases", arg.substring("--databases=".length()).toUpperCase());
            } else if (arg.startsWith("--chart=")) {
                chart = Path.of(arg.substring("--chart=".length()));
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            }
        }
        return chart != null || out == null || defaultChart == null ? chart : out.resolve(defaultChart);
    }

    private String measureAll() throws Exception {
        String loadAtStart = MachineInfo.loadAverage();
        Path jar = ServerProcess.defaultJar();
        List<Row> rows = new ArrayList<>();
        for (String kind : System.getProperty("bench.databases", "POSTGRESQL,MYSQL").split(",")) {
            TestDatabase database = TestDatabases.create(DatabaseKind.valueOf(kind.trim()));
            String name = database.dialect() == org.jooq.SQLDialect.MARIADB ? "MariaDB" : kind.equals("MYSQL")
                    ? "MySQL" : "PostgreSQL";
            try (ServerProcess server = ServerProcess.start(jar, database)) {
                base = "http://127.0.0.1:" + server.port();
                List<Executor> executors = prepare(max(EXECUTORS));
                for (int count : EXECUTORS) {
                    JdbcBaseline.Point baseline = JdbcBaseline.measure(database, count, warmUp, measured);
                    for (boolean waits : new boolean[] {false, true}) {
                        rows.add(measure(name, "batchUpdate, 50 tasks", count, waits, TASKS_PER_RUN, baseline,
                                thread -> executors.get(thread).batchUpdate(waits)));
                        rows.add(measure(name, "PATCH, 1 task", count, waits, 1, baseline,
                                thread -> executors.get(thread).patch(waits)));
                    }
                }
            }
        }
        if (chart != null) {
            Charts.ratioBars(chart, "Task events/s through the command API against plain JDBC, same run",
                    "task events/s ÷ JDBC rows/s (1 row per transaction)", "JDBC baseline", chartValues(rows).asMap());
        }
        return document(table(rows), loadAtStart);
    }

    /** Per scenario and kind of client, the ratio to the baseline per database and executors. */
    private static BarValues chartValues(List<Row> rows) {
        BarValues values = new BarValues();
        for (Row row : rows) {
            values.put(row.scenario() + (row.waits() ? ", waits (no token)" : ", token"), row.database() + ", "
                    + row.executors() + " executor" + (row.executors() == 1 ? "" : "s"),
                    row.taskEventsPerSecond() / row.baseline().perSecond());
        }
        return values;
    }

    private Row measure(String database, String scenario, int executors, boolean waits, int eventsPerRequest,
                        JdbcBaseline.Point baseline, Load.Operation operation) throws Exception {
        JdbcBaseline.Point point = Load.run(executors, warmUp, measured, operation);
        long behind = projectionBehind();
        Row row = new Row(database, scenario, executors, waits, point, point.perSecond() * eventsPerRequest, behind,
                baseline);
        System.err.println(row.markdown());
        return row;
    }

    /** One run per executor, each with 50 RUNNING tasks. */
    private List<Executor> prepare(int count) throws IOException, InterruptedException {
        List<Executor> executors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String run = send("POST", "/apis/v2beta1/runs", "{\"display_name\": \"bench " + i
                    + "\", \"pipeline_version_reference\": {\"pipeline_id\": \"bench\"}}").get("run_id").asText();
            List<String> tasks = new ArrayList<>();
            for (int t = 0; t < TASKS_PER_RUN; t++) {
                tasks.add(send("POST", "/apis/v2beta1/runs/" + run + "/tasks", "{\"name\": \"task-" + t
                        + "\", \"type\": \"RUNTIME\", \"state\": \"RUNNING\", \"pods\": [{\"name\": \"pod-" + t
                        + "\", \"uid\": \"" + UUID.randomUUID() + "\", \"type\": \"EXECUTOR\"}]}")
                        .get("task_id").asText());
            }
            executors.add(new Executor(run, tasks));
        }
        return executors;
    }

    private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request(method, path, body, true),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** {@code waits}: as KFP's clients (no token), else as a client that reads with the consistency token. */
    private HttpRequest request(String method, String path, String body, boolean waits) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString());
        if (!waits) {
            request.header("Runstore-Consistency", "token");
        }
        return request.build();
    }

    private long projectionBehind() throws IOException, InterruptedException {
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(health.body()).at("/components/projection/details/eventsBehind").asLong(-1);
    }

    /** An executor reporting on its own run: every request changes what it sends, so every task change is an event. */
    private final class Executor {

        private final String run;
        private final List<String> tasks;
        private final AtomicLongArray counter = new AtomicLongArray(1);

        Executor(String run, List<String> tasks) {
            this.run = run;
            this.tasks = tasks;
        }

        boolean batchUpdate(boolean waits) throws IOException, InterruptedException {
            long step = counter.incrementAndGet(0);
            String body = tasks.stream()
                    .map(task -> "\"" + task + "\": {\"display_name\": \"step " + step
                            + "\", \"status_metadata\": {\"message\": \"progress " + step + "\"}}")
                    .collect(Collectors.joining(",", "{\"tasks\": {", "}}"));
            return ok("POST", "/apis/v2beta1/runs/" + run + "/tasks:batchUpdate", body, waits);
        }

        boolean patch(boolean waits) throws IOException, InterruptedException {
            long step = counter.incrementAndGet(0);
            String task = tasks.get((int) (step % tasks.size()));
            return ok("PATCH", "/apis/v2beta1/runs/" + run + "/tasks/" + task,
                    "{\"display_name\": \"step " + step + "\", \"status_metadata\": {\"message\": \"progress " + step
                            + "\"}}", waits);
        }

        private boolean ok(String method, String path, String body, boolean waits)
                throws IOException, InterruptedException {
            return client.send(request(method, path, body, waits), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        }
    }

    private record Row(String database, String scenario, int executors, boolean waits, JdbcBaseline.Point point,
                       double taskEventsPerSecond, long projectionBehind, JdbcBaseline.Point baseline) {

        String markdown() {
            return String.format(Locale.ROOT, "| %s | %s | %d | %s | %,.0f | %,.0f | %.1f | %.1f | %d | %s | %,.0f | %.2f |",
                    database, scenario, executors, waits ? "waits (no token)" : "token", point.perSecond(), taskEventsPerSecond, point.p50Millis(),
                    point.p99Millis(), point.errors(), projectionBehind < 0 ? "n/a" : String.format("%,d",
                            projectionBehind), baseline.perSecond(), taskEventsPerSecond / baseline.perSecond());
        }
    }

    private static String table(List<Row> rows) {
        StringBuilder table = new StringBuilder("""
                | database | scenario | executors | read-your-writes | requests/s | task events/s | p50 ms (corrected) \
                | p99 ms (corrected) | errors \
                | projection behind at end (events) | baseline: JDBC 1 row/tx, rows/s | task events/s ÷ baseline |
                |---|---|---|---|---|---|---|---|---|---|---|---|
                """);
        rows.forEach(row -> table.append(row.markdown()).append('\n'));
        return table.toString();
    }

    private String document(String table, String loadAtStart) {
        return """
                # Command API benchmark

                Written by `io.runstore.bench.command.CommandApiBenchmark` (bench module) on %s; see its class
                comment for the command. The real server jar runs as a separate process on a fresh database, all roles
                on, so the run-list projection follows the events while the executors write. Each executor works on a
                run of its own with 50 tasks; every request carries a fresh `Idempotency-Key` (the command log is
                written in the command's transaction) and changes what it sends, so each changed task is one event.
                Each point is measured twice on the same server: as a client that reads with the consistency token
                (`Runstore-Consistency: token`: the write answers at once) and as KFP's clients, which send none (the
                write answers once the projection shows it: read-your-writes by default, the cost of which is the
                difference). Warm-up %d s, then %d s measured per row. The baseline is plain JDBC, one row per transaction, same
                database and concurrency, measured in the same run just before each pair of rows: the ratio is the
                figure to compare across machines (2 shared cores here; timings are noisy). Each executor calls back
                to back (a closed loop); p50 and p99 are its latencies %s, each executor's interval from its own
                warm-up. Load average (1/5/15 min) at the start: %s; at the end: %s.

                Targets: at least 5,000 task events/s through batchUpdate on PostgreSQL; single-task PATCH p99 at most
                25 ms at 8 executors.

                %s%s""".formatted(Instant.now(), warmUp.toSeconds(), measured.toSeconds(), ClosedLoopLatency.METHOD,
                loadAtStart, MachineInfo.loadAverage(), table, chart == null ? ""
                        : "\n![task events/s against plain JDBC, per database and executors](" + chart.getFileName()
                        + ")\n");
    }

    private static int max(int[] values) {
        int max = 0;
        for (int value : values) {
            max = Math.max(max, value);
        }
        return max;
    }
}
