package io.runstore.bench.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runstore.bench.report.MachineInfo;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command server's heap with its aggregate cache full (issue 14): {@code --runs} runs of {@code --tasks} tasks,
 * each task created with about {@code --bytes} of inputs and then given as many bytes of outputs (one batchUpdate per
 * run, which also finishes the tasks), through the HTTP API of the real server jar, command role only, started with
 * {@code -Xmx} {@code --xmx} and {@code -XX:+ExitOnOutOfMemoryError}. After the load: two full collections
 * ({@code jcmd GC.run}), the heap in use ({@code GC.heap_info}), and from a class histogram the Run aggregates and
 * tasks held (every run cached when the Run count equals {@code --runs}).
 * <p>
 * Measured in the same run, on fresh databases of the same kind, with the same load: the same jar with the cache off
 * ({@code runstore.aggregate-cache.max-bytes=0}: what the server holds without runs), and optionally an older jar
 * ({@code --baseline-jar=}, e.g. main's before the aggregate kept digests), with its own cache settings
 * ({@code --baseline-args=}). A server that dies of an OutOfMemoryError is reported with how many runs it had taken.
 *
 * <pre>
 * mvn -B -q -pl server,bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * flock /tmp/runstore-bench.lock java -cp bench/target/classes:$(cat bench/target/classpath.txt) \
 *   io.runstore.bench.command.AggregateCacheHeapBenchmark --runs=10000 --tasks=30 --bytes=2048 --xmx=512m
 * </pre>
 * Writes docs/benchmarks/aggregate-cache-heap.md.
 */
public final class AggregateCacheHeapBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int runs;
    private final int tasks;
    private final int bytes;
    private final int threads;
    private final String xmx;
    private final DatabaseKind database;
    /** Runs already in the event log (--seed=log), each loaded into the cache by one command; null: written by HTTP. */
    private List<HeapRunSeed.SeededRun> seeded;

    private AggregateCacheHeapBenchmark(int runs, int tasks, int bytes, int threads, String xmx, DatabaseKind database) {
        this.runs = runs;
        this.tasks = tasks;
        this.bytes = bytes;
        this.threads = threads;
        this.xmx = xmx;
        this.database = database;
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(option(args, "runs", "10000"));
        int tasks = Integer.parseInt(option(args, "tasks", "30"));
        int bytes = Integer.parseInt(option(args, "bytes", "2048"));
        int threads = Integer.parseInt(option(args, "threads", "8"));
        String xmx = option(args, "xmx", "512m");
        DatabaseKind database = DatabaseKind.valueOf(option(args, "database", "postgresql").toUpperCase(Locale.ROOT));
        AggregateCacheHeapBenchmark benchmark = new AggregateCacheHeapBenchmark(runs, tasks, bytes, threads, xmx,
                database);
        String loadAtStart = MachineInfo.loadAverage();
        Instant started = Instant.now();

        List<Server> servers = new ArrayList<>();
        if (!option(args, "only-baseline", "false").equals("true")) {
            servers.add(new Server("this jar, cache off (max-bytes=0)", ServerProcess.defaultJar(),
                    List.of("--runstore.aggregate-cache.max-bytes=0")));
            servers.add(new Server("this jar, cache on (default max-bytes 256MB)", ServerProcess.defaultJar(),
                    List.of()));
        }
        String baselineJar = option(args, "baseline-jar", "");
        if (!baselineJar.isEmpty()) {
            String baselineArgs = option(args, "baseline-args", "");
            servers.add(new Server("baseline jar " + Path.of(baselineJar).getFileName()
                    + (baselineArgs.isEmpty() ? "" : " " + baselineArgs), Path.of(baselineJar),
                    baselineArgs.isEmpty() ? List.of() : List.of(baselineArgs.split("\\s+"))));
        }
        boolean fromLog = option(args, "seed", "log").equals("log");
        List<HeapRunSeed.SeededRun> seeded = null;
        TestDatabase shared = null;
        if (fromLog) {
            shared = TestDatabases.create(database);
            Instant seeding = Instant.now();
            seeded = HeapRunSeed.seed(shared, runs, tasks, bytes);
            System.err.printf("seeded %,d runs in %d s%n", runs, Duration.between(seeding, Instant.now()).toSeconds());
        }
        benchmark.seeded = seeded;
        List<Result> results = new ArrayList<>();
        for (Server server : servers) {
            Result result = benchmark.measure(server, shared);
            System.err.println(result.markdown(results.isEmpty() ? result : results.get(0)));
            results.add(result);
        }
        String document = benchmark.document(results, loadAtStart, MachineInfo.loadAverage(), started);
        Path out = Path.of("docs/benchmarks/aggregate-cache-heap.md");
        Files.writeString(out, document);
        System.out.println(document);
        System.out.println("Written to " + out.toAbsolutePath());
        System.exit(0);
    }

    private record Server(String name, Path jar, List<String> arguments) {
    }

    private record Result(Server server, long heapBeforeKb, long heapAfterKb, long heapTotalKb, long runsHeld,
                          long tasksHeld, int runsLoaded, String died, Duration took) {

        String markdown(Result baseline) {
            String ratio = died != null || baseline.died != null ? "-"
                    : String.format(Locale.ROOT, "%.2f", (double) heapAfterKb / baseline.heapAfterKb);
            return String.format(Locale.ROOT, "| %s | %,d | %s | %s | %,d | %,d | %s | %s | %d s |", server.name,
                    runsLoaded, died == null ? mb(heapBeforeKb) : "-", died == null ? mb(heapAfterKb) : died,
                    runsHeld, tasksHeld, died == null ? perRun(baseline) : "-", ratio, took.toSeconds());
        }

        private String perRun(Result baseline) {
            if (baseline == this || baseline.died != null) {
                return "-";
            }
            return String.format(Locale.ROOT, "%,.1f KB", (heapAfterKb - baseline.heapAfterKb) / (double) runsLoaded);
        }

        private static String mb(long kb) {
            return String.format(Locale.ROOT, "%,.1f MB", kb / 1024.0);
        }
    }

    private Result measure(Server server, TestDatabase shared) throws Exception {
        TestDatabase db = shared != null ? shared : TestDatabases.create(database);
        Instant start = Instant.now();
        List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=command"));
        arguments.addAll(server.arguments());
        try (ServerProcess process = ServerProcess.start(server.jar(), db,
                List.of("-Xmx" + xmx, "-XX:+ExitOnOutOfMemoryError"), arguments)) {
            String base = "http://127.0.0.1:" + process.port();
            long before = heapUsedKb(process.pid())[1];
            AtomicInteger loaded = new AtomicInteger();
            String died = null;
            try {
                load(base, loaded);
            } catch (Exception e) {
                if (!process.exited(Duration.ofSeconds(30))) {
                    throw e;
                }
                died = "died (OutOfMemoryError) after " + loaded.get() + " runs";
            }
            if (died == null && !process.alive()) {
                died = "died after the load";
            }
            if (died != null) {
                return new Result(server, before, 0, 0, 0, 0, loaded.get(), died,
                        Duration.between(start, Instant.now()));
            }
            long[] after = heapUsedKb(process.pid());
            String histogram = jcmd(process.pid(), "GC.class_histogram");
            return new Result(server, before, after[1], after[0], instances(histogram, "io.runstore.command.run.Run"),
                    instances(histogram, "io.runstore.command.run.TaskFacts")
                            + instances(histogram, "io.runstore.api.task.Task"),
                    loaded.get(), null, Duration.between(start, Instant.now()));
        }
    }

    /**
     * HTTP: every run created, its tasks created with inputs one by one, then one batchUpdate with outputs for all.
     * Seeded: every run loaded into the cache by a PATCH that changes nothing (its first task is SUCCEEDED already).
     */
    private void load(String base, AtomicInteger loaded) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                workers.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = next.getAndIncrement(); i < runs; i = next.getAndIncrement()) {
                        if (seeded == null) {
                            loadRun(base, i, random);
                        } else {
                            HeapRunSeed.SeededRun run = seeded.get(i);
                            send(base, "PATCH", "/apis/v2beta1/runs/" + run.runId() + "/tasks/" + run.taskId(),
                                    "{\"state\": \"SUCCEEDED\"}");
                        }
                        int done = loaded.incrementAndGet();
                        if (done % 500 == 0) {
                            System.err.printf("%s: %,d runs loaded%n", Instant.now(), done);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void loadRun(String base, int index, Random random) throws IOException, InterruptedException {
        String run = send(base, "POST", "/apis/v2beta1/runs", "{\"display_name\": \"heap " + index
                + "\", \"pipeline_version_reference\": {\"pipeline_id\": \"heap\"}}").get("run_id").asText();
        ObjectNode batch = JSON.createObjectNode();
        ObjectNode changes = batch.putObject("tasks");
        for (int t = 0; t < tasks; t++) {
            ObjectNode task = JSON.createObjectNode().put("name", "task-" + t).put("type", "RUNTIME")
                    .put("state", "RUNNING");
            task.set("inputs", parameters(random));
            String taskId = send(base, "POST", "/apis/v2beta1/runs/" + run + "/tasks", task.toString())
                    .get("task_id").asText();
            ObjectNode done = changes.putObject(taskId).put("state", "SUCCEEDED");
            done.set("outputs", parameters(random));
        }
        send(base, "POST", "/apis/v2beta1/runs/" + run + "/tasks:batchUpdate", batch.toString());
    }

    private ObjectNode parameters(Random random) {
        return HeapRunSeed.parameters(random, bytes);
    }

    /**
     * One write, answered without waiting for a projection (the command role runs alone), sent again with the same
     * Idempotency-Key when the connection broke before an answer (the server then answers the first attempt's result).
     */
    private JsonNode send(String base, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(120))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Runstore-Consistency", "token")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .build();
        HttpResponse<String> response;
        for (int attempt = 1; ; attempt++) {
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
                break;
            } catch (IOException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Total and used heap in KB after two full collections. */
    private static long[] heapUsedKb(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher matcher = HEAP_USED.matcher(info);
        if (!matcher.find()) {
            throw new IllegalStateException("no heap figures in jcmd GC.heap_info: " + info);
        }
        return new long[]{Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))};
    }

    private static long instances(String histogram, String className) {
        for (String line : histogram.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[3].equals(className)) {
                return Long.parseLong(columns[1]);
            }
        }
        return 0;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + output);
        }
        return output;
    }

    private String document(List<Result> results, String loadAtStart, String loadAtEnd, Instant started) {
        StringBuilder doc = new StringBuilder("# Aggregate cache: heap at 10,000 cached runs\n\n");
        doc.append(String.format(Locale.ROOT, """
                Written by `io.runstore.bench.command.AggregateCacheHeapBenchmark` (bench module; its class comment \
                has the command) at %s. Load average %s at the start, %s at the end (2 shared cores).

                The data: %,d runs, each with %d tasks created with about %,d bytes of inputs, then given about \
                %,d bytes of outputs and SUCCEEDED (%,d events). %s The servers: the real server jar, command role \
                only, `-Xmx%s -XX:+ExitOnOutOfMemoryError`, on %s, %d client threads. Heap in use after two full collections \
                (`jcmd GC.run`, `GC.heap_info`), before and after the load; Run aggregates and tasks held counted in \
                a class histogram (`io.runstore.command.run.Run`; tasks: `TaskFacts`, or `api.task.Task` in a jar \
                that keeps whole tasks). Ratio: heap after the load against the first row's, measured in the same \
                run.

                | server | runs loaded | heap before load | heap after load | Run objects held | tasks held | \
                heap per run above the first row | ratio | took |
                |---|---|---|---|---|---|---|---|---|
                """, started, loadAtStart, loadAtEnd, runs, tasks, bytes, bytes, (long) runs * (1 + 2L * tasks),
                seeded == null ? "Written through the HTTP API to a fresh database per server (POST per task, one "
                        + "batchUpdate per run)." : "Written once into the event log through the server's storage "
                        + "engine (`HeapRunSeed`, 25 runs per transaction: through HTTP it took about a second per "
                        + "run on this loaded machine); each server then loads every run into its cache with one "
                        + "PATCH that changes nothing (the same database for every server).", xmx, database.name().toLowerCase(Locale.ROOT), threads));
        for (Result result : results) {
            doc.append(result.markdown(results.get(0))).append('\n');
        }
        return doc.toString();
    }

    private static String option(String[] args, String name, String otherwise) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return arg.substring(name.length() + 3);
            }
        }
        return otherwise;
    }
}
