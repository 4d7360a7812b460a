package io.runstore.bench.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.bench.report.DatabaseKinds;
import io.runstore.bench.report.MachineInfo;
import io.runstore.bench.report.MarkdownTable;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import io.runstore.testsupport.runs.DataShape;
import io.runstore.testsupport.runs.GeneratedRun;
import io.runstore.testsupport.runs.ManifestText;
import io.runstore.testsupport.runs.RunGenerator;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ingest as executors drive it: many concurrent clients, each running pipeline runs one after another through the
 * command API of the real server jar (all roles, a fresh database, the projector following): create the run (its
 * calibrated pipeline spec, {@link ManifestText}), report it RUNNING, create its 20 tasks RUNNING one request each (as
 * KFP's driver), complete each task with a PATCH (outputs; the last one FAILED when the run fails), report a metric,
 * report the run's final state, archive one run in ten ({@link RunGenerator}'s states and storage states). Every
 * write sends {@code Runstore-Consistency: token} (an executor does not read its writes, so it does not wait for the
 * projection) and a fresh Idempotency-Key. Measured: runs/s and events/s (each request here is one event), request
 * latency, and the projection's lag: every 100 ms a probe reads the run of the latest answered write with that
 * answer's consistency token (the read waits until the projection shows it) and records the time from the write's
 * answer to the read's. After the clients stop, the time until the projection has caught up.
 * Without {@code --rate} closed loop (each client sends its next request when the previous one is answered): the
 * most the server takes, latencies are service times. With {@code --rate=R} (runs/s, all clients together) open loop:
 * each client's requests are due on a fixed schedule (R times the requests of an average run per second, spread over
 * the clients), a request is sent when it is due or, when the client is late, at once, and its latency counts from when
 * it was due (as wrk2), so a stall counts for every request it delays: latencies corrected for coordinated omission.
 * The lag probe is on a fixed schedule either way. With {@code --jfr=DIR} the server runs under JFR
 * ({@code DIR/ingest-<database>.jfr}).
 * <p>
 * {@code IngestBenchmark [--clients=32] [--warm-up=60] [--seconds=60] [--rate=R] [--databases=postgresql,mysql]
 * [--jfr=DIR] [--out=DIR]}
 */
public final class IngestBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUNS = "/apis/v2beta1/runs";
    private static final int TARGET_RUNS = 200_000;
    /** Requests of an average run: 45, and one run in ten is archived. */
    private static final double REQUESTS_PER_RUN = 45.1;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final RunGenerator generator = new RunGenerator(DataShape.of(1_000_000));
    private final AtomicInteger nextRun = new AtomicInteger();
    private final AtomicReference<String> latestToken = new AtomicReference<>();
    private final AtomicLong latestAnsweredAt = new AtomicLong();
    private final Recorder requests = new Recorder(3);
    /** Request latency per kind of request (create, task, ...), micros. */
    private final Map<String, Recorder> byKind = new ConcurrentHashMap<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong taskEvents = new AtomicLong();
    private final AtomicLong runsDone = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    /** Nanoseconds between two requests of one client in open loop; 0: closed loop. */
    private final long requestInterval;
    /** When the client on this thread may send its next request (open loop). */
    private final ThreadLocal<long[]> nextDue;

    private IngestBenchmark(String base, long requestInterval) {
        this.base = base;
        this.requestInterval = requestInterval;
        // clients start at random points of one interval, not all at once
        this.nextDue = ThreadLocal.withInitial(() -> new long[]{System.nanoTime()
                + ThreadLocalRandom.current().nextLong(Math.max(1, requestInterval))});
    }

    public static void main(String[] args) throws Exception {
        System.out.print(report(args));
        System.exit(0);
    }

    public static String report(String[] args) throws Exception {
        int clients = 32;
        int seconds = 60;
        double rate = 0;
        int warmUp = 60;
        Path out = null;
        Path jfr = null;
        List<DatabaseKind> kinds = List.of(DatabaseKind.POSTGRESQL, DatabaseKind.MYSQL);
        for (String arg : args) {
            if (arg.startsWith("--clients=")) {
                clients = Integer.parseInt(arg.substring(10));
            } else if (arg.startsWith("--seconds=")) {
                seconds = Integer.parseInt(arg.substring(10));
            } else if (arg.startsWith("--databases=")) {
                kinds = DatabaseKinds.parse(arg.substring(12));
            } else if (arg.startsWith("--warm-up=")) {
                warmUp = Integer.parseInt(arg.substring(10));
            } else if (arg.startsWith("--rate=")) {
                rate = Double.parseDouble(arg.substring(7));
            } else if (arg.startsWith("--jfr=")) {
                jfr = Path.of(arg.substring(6));
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring(6));
            }
        }
        MachineInfo machine = MachineInfo.read();
        StringBuilder report = new StringBuilder("# Ingest through the command API\n\n").append(String.format(
                "`IngestBenchmark --clients=%d --warm-up=%d --seconds=%d%s`, jar %s, %s, %d cores (%s), load average "
                        + "(1/5/15 min) at start %s. Each run: create (calibrated pipeline spec), RUNNING, 20 tasks "
                        + "created and completed one request each, a metric, its final state, one run in ten archived: "
                        + "45-46 requests, one event each; runs are counted as requests / 45.1 (a run takes longer than "
                        + "many a window). Measured after the warm-up. %s The projection-lag probe runs on a fixed "
                        + "100 ms schedule.%n%n",
                clients, warmUp, seconds, rate > 0 ? " --rate=" + rate : "", ServerProcess.defaultJar(), machine.date(),
                machine.cores(), machine.cpu(), MachineInfo.loadAverage(), rate > 0
                        ? String.format("Open loop: %.1f runs/s offered (%.0f requests/s), each request's latency "
                        + "from when it was due (corrected for coordinated omission).", rate, rate * REQUESTS_PER_RUN)
                        : "Closed loop: request latencies are service times (not corrected for coordinated "
                        + "omission)."));
        MarkdownTable table = new MarkdownTable("database", "clients", "runs", "runs/s", "events/s",
                "task events/s", "request p50 ms", "request p99 ms", "errors", "projection lag p50 / p99 / max ms",
                "catch-up s", "200,000 runs would take", "load average start / end")
                .numeric(1, 2, 3, 4, 5, 6, 7, 8, 10);
        MarkdownTable perRequest = new MarkdownTable("request", "answered", "p50 ms", "p99 ms").numeric(1, 2, 3);
        MarkdownTable cpu = new MarkdownTable("database", "server: cores / CPU ms per request",
                "database servers: cores / CPU ms per request", "clients (this JVM): cores / CPU ms per request",
                "all: CPU ms per request", "cores 200,000 runs in 10 min would need at that cost").numeric(4, 5);
        for (DatabaseKind kind : kinds) {
            TestDatabase database = TestDatabases.create(kind);
            if (jfr != null) {
                Files.createDirectories(jfr);
                System.setProperty("bench.server.jvm", "-XX:StartFlightRecording=settings=profile,dumponexit=true,"
                        + "filename=" + jfr.resolve("ingest-" + kind.name().toLowerCase() + ".jfr").toAbsolutePath());
            }
            try (ServerProcess server = ServerProcess.start(ServerProcess.defaultJar(), database)) {
                long interval = rate > 0 ? (long) (clients * 1e9 / (rate * REQUESTS_PER_RUN)) : 0;
                IngestBenchmark benchmark = new IngestBenchmark("http://127.0.0.1:" + server.port(), interval);
                benchmark.measure(kind, database, server, clients, Duration.ofSeconds(warmUp),
                        Duration.ofSeconds(seconds), table, perRequest, cpu);
            } finally {
                System.clearProperty("bench.server.jvm");
            }
        }
        report.append(table.render()).append("\nCPU used while measured (/proc; the database servers' figure counts every "
                        + "client of those servers on the machine):\n\n").append(cpu.render())
                .append("\nPer kind of request (same runs):\n\n").append(perRequest.render())
                .append("\nLoad average at the end: ").append(MachineInfo.loadAverage())
                .append(".\n");
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("ingest.md"), report, StandardCharsets.UTF_8);
        }
        return report.toString();
    }

    private void measure(DatabaseKind kind, TestDatabase database, ServerProcess server, int clients,
                         Duration warmUp, Duration duration, MarkdownTable table, MarkdownTable perRequest, MarkdownTable cpu)
            throws Exception {
        String loadAtStart = MachineInfo.loadAverage().split(" ")[0];
        AtomicBoolean stop = new AtomicBoolean();
        Recorder lag = new Recorder(3);
        ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                while (!stop.get()) {
                    try {
                        runOne(generator.run(nextRun.getAndIncrement() % 1_000_000));
                        runsDone.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        Future<?> probe = pool.submit(() -> {
            long next = System.nanoTime();
            while (!stop.get()) {
                next += 100_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                String token = latestToken.get();
                long answeredAt = latestAnsweredAt.get();
                if (token != null) {
                    lag.recordValue(Math.max(1, (visible(token) - answeredAt) / 1_000));
                }
            }
            return null;
        });
        // the server just started: its JIT compiles what the clients make hot; measure after that
        Thread.sleep(warmUp.toMillis());
        long started = System.nanoTime();
        long[] cpuAtStart = cpu(server);
        long eventsAtStart = events.get();
        long taskEventsAtStart = taskEvents.get();
        long errorsAtStart = errors.get();
        requests.getIntervalHistogram();
        lag.getIntervalHistogram();
        byKind.values().forEach(Recorder::getIntervalHistogram);
        Thread.sleep(duration.toMillis());
        long writtenEvents = events.get() - eventsAtStart;
        long writtenTaskEvents = taskEvents.get() - taskEventsAtStart;
        long[] cpuAtEnd = cpu(server);
        double elapsed = (System.nanoTime() - started) / 1e9;
        Histogram latencies = requests.getIntervalHistogram();
        Histogram lags = lag.getIntervalHistogram();
        Map<String, Histogram> kinds = new java.util.TreeMap<>();
        byKind.forEach((request, recorder) -> kinds.put(request, recorder.getIntervalHistogram()));
        String loadAtEnd = MachineInfo.loadAverage().split(" ")[0];
        long failed = errors.get() - errorsAtStart;
        stop.set(true);
        for (Future<?> client : running) {
            client.get();
        }
        probe.get();
        pool.shutdown();
        long caughtUp = awaitCaughtUp();
        // runs are long (45 requests in a row) next to the window: count them by their requests, not by those ended
        double runs = writtenEvents / REQUESTS_PER_RUN;
        double runsPerSecond = runs / elapsed;
        table.row(kind + " (" + database.dialect() + ")", clients, String.format("%,.0f", runs),
                String.format("%.1f", runsPerSecond), String.format("%,.0f", writtenEvents / elapsed),
                String.format("%,.0f", writtenTaskEvents / elapsed), ms(latencies.getValueAtPercentile(50)),
                ms(latencies.getValueAtPercentile(99)), failed,
                ms(lags.getValueAtPercentile(50)) + " / " + ms(lags.getValueAtPercentile(99)) + " / "
                        + ms(lags.getMaxValue()),
                String.format("%.1f", caughtUp / 1e9),
                runsPerSecond > 0 ? String.format("%.0f min", TARGET_RUNS / runsPerSecond / 60) : "-",
                loadAtStart + " / " + loadAtEnd);
        String[] used = new String[3];
        double total = 0;
        for (int p = 0; p < 3; p++) {
            long millis = cpuAtStart[p] < 0 || cpuAtEnd[p] < 0 ? -1 : cpuAtEnd[p] - cpuAtStart[p];
            used[p] = millis < 0 ? "-" : String.format("%.2f / %.2f", millis / 1000.0 / elapsed,
                    writtenEvents == 0 ? 0 : (double) millis / writtenEvents);
            total += Math.max(0, millis);
        }
        double cpuPerRequest = writtenEvents == 0 ? 0 : total / writtenEvents;
        cpu.row(kind + " (" + database.dialect() + ")", used[0], used[1], used[2],
                String.format("%.2f", cpuPerRequest),
                String.format("%.0f", cpuPerRequest * REQUESTS_PER_RUN * TARGET_RUNS / 600_000.0));
        kinds.forEach((request, each) ->
            perRequest.row(request + " (" + database.dialect() + ")", String.format("%,d", each.getTotalCount()),
                    ms(each.getValueAtPercentile(50)), ms(each.getValueAtPercentile(99))));
    }

    /** CPU milliseconds so far of the server, the database servers and this benchmark (the clients). */
    private static long[] cpu(ServerProcess server) {
        return new long[]{ProcessCpu.ofProcess(server.pid()), ProcessCpu.ofDatabaseServers(),
                ProcessCpu.ofProcess(ProcessHandle.current().pid())};
    }

    /** One run as its executor reports it. */
    private void runOne(GeneratedRun run) throws Exception {
        String spec = ManifestText.pipelineSpec(run);
        String runId = write("POST", RUNS, "{\"display_name\": " + quote(run.displayName())
                + ", \"description\": " + quote(run.description() == null ? "" : run.description())
                + ", \"pipeline_spec\": " + spec
                + ", \"runtime_config\": {\"parameters\": {\"learning_rate\": 0.01, \"epochs\": 10}}}")
                .get("run_id").asText();
        String path = RUNS + "/" + runId;
        write("POST", path + ":reportState", "{\"state\": \"RUNNING\"}");
        List<String> tasks = new ArrayList<>();
        for (int t = 0; t < run.tasks().size(); t++) {
            tasks.add(write("POST", path + "/tasks", "{\"name\": \"step-" + t + "\", \"display_name\": \"step " + t
                    + "\", \"type\": \"RUNTIME\", \"state\": \"RUNNING\", \"scope_path\": \"root.step-" + t
                    + "\", \"pods\": [{\"name\": \"" + run.workflowName() + "-" + t + "\", \"uid\": \""
                    + UUID.randomUUID() + "\", \"type\": \"EXECUTOR\"}], \"inputs\": {\"parameters\": {\"dataset\": "
                    + "{\"value\": \"gs://bucket/data/" + run.runId() + "/part-" + t + ".parquet\"}}}}")
                    .get("task_id").asText());
        }
        boolean failed = "FAILED".equals(run.state().name());
        for (int t = 0; t < tasks.size(); t++) {
            String state = failed && t == tasks.size() - 1 ? "FAILED" : "SUCCEEDED";
            write("PATCH", path + "/tasks/" + tasks.get(t), "{\"state\": \"" + state + "\", \"outputs\": "
                    + "{\"parameters\": {\"rows\": {\"value\": " + (1_000 + t) + "}}, \"artifacts\": {\"model\": "
                    + "{\"artifacts\": [{\"uri\": \"gs://bucket/models/" + run.runId() + "/" + t + "\"}]}}}}");
        }
        write("POST", path + ":reportMetrics", "{\"metrics\": [{\"name\": \"accuracy\", \"node_id\": \"step-"
                + (tasks.size() - 1) + "\", \"number_value\": " + (run.index() % 1000) / 1000.0
                + ", \"format\": \"RAW\"}]}");
        write("POST", path + ":reportState", "{\"state\": \"" + (failed ? "FAILED" : "SUCCEEDED") + "\"}");
        if ("ARCHIVED".equals(run.storageState().name())) {
            write("POST", path + ":archive", "{}");
        }
    }

    private JsonNode write(String method, String path, String body) throws Exception {
        return write(kind(method, path), method, path, body);
    }

    /** What the request does, for the per-kind latencies: "POST /runs", "PATCH /tasks", "POST :reportState"... */
    private static String kind(String method, String path) {
        int colon = path.lastIndexOf(':');
        if (colon > 0) {
            return method + " " + path.substring(colon);
        }
        if (path.equals(RUNS)) {
            return method + " /runs";
        }
        return method + " " + path.substring(path.lastIndexOf("/tasks")).replaceAll("/tasks/.*", "/tasks/{id}");
    }

    private JsonNode write(String kind, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Runstore-Consistency", "token")
                .build();
        long started = due();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long answered = System.nanoTime();
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        requests.recordValue(Math.max(1, (answered - started) / 1_000));
        byKind.computeIfAbsent(kind, k -> new Recorder(3)).recordValue(Math.max(1, (answered - started) / 1_000));
        events.incrementAndGet();
        if (kind.contains("/tasks")) {
            taskEvents.incrementAndGet();
        }
        response.headers().firstValue("Runstore-Consistency-Token").ifPresent(token -> {
            latestToken.set(token);
            latestAnsweredAt.set(answered);
        });
        return JSON.readTree(response.body());
    }

    /**
     * When the request counts from: now in closed loop; in open loop when it is due, after waiting for that time if
     * the client is early (a late client sends at once, and the delay counts in the latency).
     */
    private long due() throws InterruptedException {
        if (requestInterval == 0) {
            return System.nanoTime();
        }
        long[] next = nextDue.get();
        long due = next[0];
        next[0] += requestInterval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        return due;
    }

    /** When the run of the token shows that write: a read with the token, again while it answers 503. */
    private long visible(String token) throws Exception {
        String run = token.substring(0, token.lastIndexOf(':'));
        HttpRequest read = HttpRequest.newBuilder(URI.create(base + RUNS + "/" + run))
                .timeout(Duration.ofSeconds(60))
                .header("Runstore-Consistency-Token", token)
                .GET().build();
        for (int attempt = 0; attempt < 60; attempt++) {
            HttpResponse<Void> response = http.send(read, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 200) {
                return System.nanoTime();
            }
            if (response.statusCode() != 503) {
                throw new IllegalStateException("GET " + read.uri() + " answered " + response.statusCode());
            }
        }
        throw new IllegalStateException(token + " not visible after 60 waits");
    }

    /** Nanoseconds until the projection has applied every event (the health endpoint's eventsBehind is 0). */
    private long awaitCaughtUp() throws Exception {
        long started = System.nanoTime();
        HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build();
        while (System.nanoTime() - started < Duration.ofMinutes(30).toNanos()) {
            JsonNode answer = JSON.readTree(http.send(health, HttpResponse.BodyHandlers.ofString()).body());
            long behind = answer.at("/components/projection/details/eventsBehind").asLong(-1);
            if (behind == 0) {
                return System.nanoTime() - started;
            }
            if (behind < 0) {
                throw new IllegalStateException("the health answer has no projection lag: " + answer);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the projection did not catch up within 30 minutes");
    }

    private static String quote(String text) throws Exception {
        return JSON.writeValueAsString(text);
    }

    private static String ms(long micros) {
        return String.format("%.1f", micros / 1000.0);
    }
}
