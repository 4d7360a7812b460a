package io.runstore.bench.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.runstore.bench.command.ServerProcess;
import io.runstore.bench.report.DatabaseKinds;
import io.runstore.bench.report.MachineInfo;
import io.runstore.bench.report.MarkdownTable;
import io.runstore.bench.runstore.QueryServer;
import io.runstore.database.MysqlDriverDefaults;
import io.runstore.eventstore.EventStoreSchema;
import io.runstore.query.listing.Listing;
import io.runstore.query.listing.PageTokens;
import io.runstore.query.run.ListRunsView;
import io.runstore.query.run.RunLister;
import io.runstore.query.run.RunScope;
import io.runstore.query.run.RunViewMode;
import io.runstore.query.sql.QueryDsl;
import io.runstore.readtables.ReadTablesSchema;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import io.runstore.testsupport.readtables.RunListRows;
import org.HdrHistogram.Histogram;
import org.jooq.DSLContext;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * Where ListRuns' time goes between its SQL and the client: the same first page (namespace scope, created_at desc,
 * 20 runs, view DEFAULT) read in the same run, calls alternating, as
 * <ul>
 *     <li>SQL: the query side's {@link RunLister} in-process (what the controller calls), no HTTP, no JSON;</li>
 *     <li>JSON: that answer serialized in-process by a mapper built as the server's (what the server adds for the
 *     body);</li>
 *     <li>HTTP, no SQL: a request the server refuses after authenticating it (no namespace: 400 in KFP's error
 *     shape): Tomcat, the filters, Spring MVC, the error body, the client;</li>
 *     <li>HTTP bytes: the real request on the real server jar (query role, multi-user, bearer token), body read as
 *     bytes by the JDK's HttpClient (which hands each exchange between its own threads);</li>
 *     <li>HTTP parsed: the same plus the client's Jackson parse of the body; and with a blocking HttpURLConnection
 *     on the caller's thread instead (what the ListRuns section times).</li>
 * </ul>
 * With {@code --baseline-jar=JAR} a second server from that jar (an earlier build) runs on the same database and
 * every HTTP step is timed on both, calls alternating: a before/after in one run. Closed loop, one caller (a call
 * starts when the previous ends: service times, no target rate, so no coordinated omission). Then the open loop: the
 * in-process SQL and the HTTP path of each server in turn, one call due every {@code --interval-us} (so each follows an
 * idle gap of about that), each latency measured from when it was due (HdrHistogram's expected-interval correction),
 * so a stall counts for every call it delays.
 * With {@code --jfr=DIR} each server runs under JFR and the report adds where its request threads spent CPU
 * ({@link JfrBreakdown}).
 * <p>
 * {@code HttpPathBenchmark [--runs=10000] [--calls=2000] [--warm-up=500] [--open-calls=CALLS] [--interval-us=20000]
 * [--databases=postgresql,mysql] [--baseline-jar=JAR] [--baseline-classpath=FILE] [--jfr=DIR] [--out=DIR]}; writes
 * {@code DIR/http-path.md} with {@code --out}. {@code --baseline-classpath}: an earlier build's classpath file (as
 * {@code bench/target/classpath.txt}), whose query side is timed in-process beside this build's
 * ({@link BaselineLister}).
 */
public final class HttpPathBenchmark {

    private static final int PAGE_SIZE = 20;
    private static final String SQL = "SQL (RunLister in-process)";
    private static final String NO_SQL = "HTTP, no SQL (authenticated, refused: 400)";
    private static final String BYTES = "HTTP bytes (JDK HttpClient: GET, body read, not parsed)";
    private static final String PARSED = "HTTP parsed (JDK HttpClient + the client's Jackson parse)";
    private static final String BLOCKING = "HTTP parsed (blocking HttpURLConnection on the caller's thread + Jackson "
            + "parse: what the ListRuns section times)";
    /** As the server's: Spring Boot builds its mapper with this builder's defaults (java.time as ISO text). */
    private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();

    private HttpPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.print(report(args));
        System.exit(0);
    }

    public static String report(String[] args) throws Exception {
        int runs = 10_000;
        int calls = 2_000;
        int intervalMicros = 20_000;
        int warmUp = 500;
        Integer openCalls = null;
        Path baselineClasspath = null;
        Path jfr = null;
        Path baselineJar = null;
        Path out = null;
        List<DatabaseKind> kinds = List.of(DatabaseKind.POSTGRESQL, DatabaseKind.MYSQL);
        for (String arg : args) {
            if (arg.startsWith("--runs=")) {
                runs = Integer.parseInt(arg.substring(7));
            } else if (arg.startsWith("--calls=")) {
                calls = Integer.parseInt(arg.substring(8));
            } else if (arg.startsWith("--warm-up=")) {
                warmUp = Integer.parseInt(arg.substring(10));
            } else if (arg.startsWith("--open-calls=")) {
                openCalls = Integer.parseInt(arg.substring(13));
            } else if (arg.startsWith("--baseline-classpath=")) {
                baselineClasspath = Path.of(arg.substring(21));
            } else if (arg.startsWith("--interval-us=")) {
                intervalMicros = Integer.parseInt(arg.substring(14));
            } else if (arg.startsWith("--jfr=")) {
                jfr = Path.of(arg.substring(6));
            } else if (arg.startsWith("--databases=")) {
                kinds = DatabaseKinds.parse(arg.substring(12));
            } else if (arg.startsWith("--baseline-jar=")) {
                baselineJar = Path.of(arg.substring(15));
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring(6));
            }
        }
        MachineInfo machine = MachineInfo.read();
        Options options = new Options(runs, calls, warmUp, openCalls == null ? calls : openCalls, intervalMicros, jfr,
                baselineJar, baselineClasspath);
        StringBuilder report = new StringBuilder("# ListRuns: the HTTP path against its SQL\n\n")
                .append(String.format("`HttpPathBenchmark --runs=%d --calls=%d --warm-up=%d --open-calls=%d "
                                + "--interval-us=%d%s%s%s`, %s, %d cores (%s), "
                                + "load average (1/5/15 min) at start %s. %,d runs in one namespace (run_list, "
                                + "run_metric and the counters only: the DEFAULT view reads nothing else); the first "
                                + "page of the namespace, created_at desc, %d runs. %d untimed calls of each, then %,d "
                                + "of each alternating. Milliseconds.%n",
                        runs, calls, warmUp, options.openCalls(), intervalMicros, jfr == null ? "" : " --jfr=" + jfr,
                        baselineJar == null ? "" : " --baseline-jar=" + baselineJar,
                        baselineClasspath == null ? "" : " --baseline-classpath=" + baselineClasspath, machine.date(),
                        machine.cores(), machine.cpu(), MachineInfo.loadAverage(), runs, PAGE_SIZE, warmUp,
                        calls));
        for (DatabaseKind kind : kinds) {
            report.append(measure(kind, options));
        }
        report.append("\nLoad average at the end: ").append(MachineInfo.loadAverage()).append(".\n");
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("http-path.md"), report, StandardCharsets.UTF_8);
        }
        return report.toString();
    }

    /**
     * What a run measures: {@code warmUp} untimed calls of each step, then {@code calls} timed; {@code openCalls}
     * requests per server in the open loop; with {@code baselineClasspath} the in-process SQL of an earlier build too.
     */
    private record Options(int runs, int calls, int warmUp, int openCalls, int intervalMicros, Path jfr,
                           Path baselineJar, Path baselineClasspath) {
    }

    /** A query server under test: a label for the tables, the process, its JFR recording if any. */
    private record Server(String label, QueryServer process, Path recording) {

        String step(String what) {
            return label.isEmpty() ? what : what + " [" + label + "]";
        }
    }

    private static String measure(DatabaseKind kind, Options options) throws Exception {
        int runs = options.runs();
        int calls = options.calls();
        int intervalMicros = options.intervalMicros();
        Path jfr = options.jfr();
        Path baselineJar = options.baselineJar();
        TestDatabase database = TestDatabases.create(kind);
        try (HikariDataSource dataSource = asTheServerConnects(database)) {
            ReadTablesSchema.migrate(dataSource, database.dialect());
            // the query role also reads the event store (a run's history), and starts only on a current schema
            EventStoreSchema.migrate(dataSource, database.dialect());
            DSLContext dsl = DSL.using(dataSource, database.dialect(), new Settings().withExecuteLogging(false));
            RunListRows.load(dsl, runs, 2, RunListRows.Layout.ONE_NAMESPACE);
            String namespace = RunListRows.Layout.ONE_NAMESPACE.namespace(0);
            RunLister lister = new RunLister(QueryDsl.of(dsl, Duration.ofSeconds(5)),
                    new PageTokens("bench".getBytes(StandardCharsets.UTF_8)));
            Listing.Parameters firstPage = new Listing.Parameters(null, "created_at desc", "sort_by", null);

            Map<String, Path> jars = new LinkedHashMap<>();
            if (baselineJar != null) {
                jars.put("baseline", baselineJar);
                jars.put("this build", ServerProcess.defaultJar());
            } else {
                jars.put("", ServerProcess.defaultJar());
            }
            List<Server> servers = new ArrayList<>();
            String section;
            try {
                for (Map.Entry<String, Path> jar : jars.entrySet()) {
                    servers.add(start(jar.getKey(), jar.getValue(), database, namespace, kind, jfr));
                }
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                String pageQuery = "namespace=" + namespace + "&sort_by=created_at%20desc&page_size=" + PAGE_SIZE;
                String refusedQuery = "sort_by=created_at%20desc&page_size=" + PAGE_SIZE;
                ListRunsView answer = lister.list(RunScope.namespace(namespace), firstPage, PAGE_SIZE,
                        RunViewMode.DEFAULT);
                int bytes = 0;
                for (Server server : servers) {
                    byte[] body = bytes(client, request(server.process(), pageQuery), 200);
                    bytes = body.length;
                    if (JSON.readTree(body).path("runs").size() != answer.runs().size()) {
                        throw new IllegalStateException("HTTP and SQL answers differ in size");
                    }
                }

                Map<String, Callable<Object>> steps = new LinkedHashMap<>();
                if (options.baselineClasspath() != null) {
                    steps.put(SQL + " [baseline]", BaselineLister.firstPage(options.baselineClasspath(), dataSource,
                            database.dialect().name(), namespace, PAGE_SIZE));
                    steps.put(SQL + " [this build]", () -> lister.list(RunScope.namespace(namespace), firstPage,
                            PAGE_SIZE, RunViewMode.DEFAULT));
                } else {
                    steps.put(SQL, () -> lister.list(RunScope.namespace(namespace), firstPage, PAGE_SIZE,
                            RunViewMode.DEFAULT));
                }
                steps.put("JSON (Jackson writes that answer, in-process)", () -> JSON.writeValueAsBytes(answer));
                for (Server server : servers) {
                    HttpRequest page = request(server.process(), pageQuery);
                    HttpRequest refused = request(server.process(), refusedQuery);
                    URI pageUri = page.uri();
                    String token = server.process().bearerToken();
                    steps.put(server.step(NO_SQL), () -> bytes(client, refused, 400));
                    steps.put(server.step(BYTES), () -> bytes(client, page, 200));
                    steps.put(server.step(PARSED), () -> JSON.readTree(bytes(client, page, 200)));
                    steps.put(server.step(BLOCKING), () -> JSON.readTree(blocking(pageUri, token)));
                }
                Map<String, Histogram> times = new LinkedHashMap<>();
                steps.keySet().forEach(step -> times.put(step, new Histogram(3)));
                List<Map.Entry<String, Callable<Object>>> forward = new ArrayList<>(steps.entrySet());
                List<Map.Entry<String, Callable<Object>>> backward = new ArrayList<>(forward);
                Collections.reverse(backward);
                for (int i = 0; i < options.warmUp() + calls; i++) {
                    // the steps in one order, then in the other: no step always follows the same one (the step
                    // right after another finds the database's process awake and the caches warm)
                    for (Map.Entry<String, Callable<Object>> step : i % 2 == 0 ? forward : backward) {
                        long started = System.nanoTime();
                        step.getValue().call();
                        long micros = Math.max(1, (System.nanoTime() - started) / 1_000);
                        if (i >= options.warmUp()) {
                            times.get(step.getKey()).recordValue(micros);
                        }
                    }
                }
                // the in-process SQL too (each build's), so an idle gap's cost shows without HTTP
                Map<String, Callable<Object>> openSteps = new LinkedHashMap<>();
                steps.forEach((step, call) -> {
                    if (step.startsWith(SQL)) {
                        openSteps.put(step, call);
                    }
                });
                List<Callable<Object>> openCalls = new ArrayList<>(openSteps.values());
                for (Server server : servers) {
                    HttpRequest page = request(server.process(), pageQuery);
                    URI pageUri = page.uri();
                    String token = server.process().bearerToken();
                    openCalls.add(() -> JSON.readTree(blocking(pageUri, token)));
                }
                List<Histogram> open = openLoop(openCalls, options.openCalls(), intervalMicros);

                MarkdownTable table = new MarkdownTable("step", "p50", "p90", "p99", "max").numeric(1, 2, 3, 4);
                times.forEach((step, histogram) -> table.row(step, ms(histogram, 50), ms(histogram, 90),
                        ms(histogram, 99), String.format("%.2f", histogram.getMaxValue() / 1000.0)));
                List<String> openRows = new ArrayList<>(openSteps.keySet());
                servers.forEach(server -> openRows.add(server.step("HTTP parsed (blocking client)")));
                for (int s = 0; s < openRows.size(); s++) {
                    table.row(openRows.get(s) + ", open loop: a call due every " + intervalMicros
                                    + " µs (these rows in turn), latency from when it was due (coordinated omission "
                                    + "corrected)",
                            ms(open.get(s), 50), ms(open.get(s), 90), ms(open.get(s), 99),
                            String.format("%.2f", open.get(s).getMaxValue() / 1000.0));
                }
                double sql = times.get(options.baselineClasspath() == null ? SQL : SQL + " [this build]")
                        .getValueAtPercentile(50) / 1000.0;
                StringBuilder gaps = new StringBuilder();
                for (Server server : servers) {
                    double http = times.get(server.step(PARSED)).getValueAtPercentile(50) / 1000.0;
                    double blocking = times.get(server.step(BLOCKING)).getValueAtPercentile(50) / 1000.0;
                    gaps.append(String.format("%s: HTTP parsed p50 minus SQL p50 with the blocking client **%.2f "
                                    + "ms** (target: within 0.5 ms), with the JDK's HttpClient %.2f ms.%n%n",
                            server.label().isEmpty() ? "Server" : "Server, " + server.label(), blocking - sql,
                            http - sql));
                }
                section = String.format("%n## %s (%s)%n%nBody %,d bytes for %d runs.%n%n%s%nClosed loop (a call "
                                + "starts when the previous one ends: service times, no coordinated omission) except "
                                + "the open-loop rows.%n%n%s", kind, database.dialect(), bytes,
                        answer.runs().size(), gaps, table.render());
            } finally {
                for (Server server : servers) {
                    server.process().close();
                }
            }
            StringBuilder profiles = new StringBuilder(section);
            for (Server server : servers) {
                if (server.recording() != null && Files.exists(server.recording())) {
                    profiles.append(String.format("%nWhere the request threads of the server%s spent CPU over the "
                                    + "whole run (JFR execution samples, `%s`):%n%n%s",
                            server.label().isEmpty() ? "" : " (" + server.label() + ")",
                            server.recording().getFileName(), JfrBreakdown.breakdown(server.recording()).render()));
                }
            }
            return profiles.toString();
        }
    }

    /**
     * A pool for the in-process SQL with the driver properties the server adds on MySQL ({@link MysqlDriverDefaults}),
     * so that the SQL figure and the server's answer pay the same driver costs.
     */
    private static HikariDataSource asTheServerConnects(TestDatabase database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(MysqlDriverDefaults.appliesTo(database.jdbcUrl())
                ? MysqlDriverDefaults.withDefaults(database.jdbcUrl()) : database.jdbcUrl());
        config.setUsername(database.username());
        config.setPassword(database.password());
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    private static Server start(String label, Path jar, TestDatabase database, String namespace, DatabaseKind kind,
                                Path jfr) throws Exception {
        Path recording = null;
        if (jfr != null) {
            Files.createDirectories(jfr);
            recording = jfr.resolve("http-path-" + kind.name().toLowerCase()
                    + (label.isEmpty() ? "" : "-" + label.replace(' ', '-')) + ".jfr").toAbsolutePath();
            System.setProperty("bench.server.jvm", "-XX:StartFlightRecording=settings=profile,dumponexit=true,"
                    + "filename=" + recording);
        }
        try {
            return new Server(label, QueryServer.startServer(jar, database, List.of(namespace)), recording);
        } finally {
            System.clearProperty("bench.server.jvm");
        }
    }

    /**
     * Calls made on a fixed schedule, one due every {@code intervalMicros}, the callables in turn (so each sees the
     * process idle for about the interval before it, as a call spaced by another system's calls); each recorded from
     * when it was due.
     */
    private static List<Histogram> openLoop(List<Callable<Object>> calls, int count, int intervalMicros)
            throws Exception {
        List<Histogram> histograms = new ArrayList<>();
        calls.forEach(call -> histograms.add(new Histogram(3)));
        long slot = intervalMicros * 1_000L;
        long start = System.nanoTime();
        for (int i = 0; i < count * calls.size(); i++) {
            long due = start + i * slot;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            // in turn, one round forwards, the next backwards, as the closed loop
            int round = i / calls.size();
            int which = round % 2 == 0 ? i % calls.size() : calls.size() - 1 - i % calls.size();
            calls.get(which).call();
            histograms.get(which).recordValue(Math.max(1, (System.nanoTime() - due) / 1_000));
        }
        return histograms;
    }

    /** The page with a blocking client on the calling thread (HttpURLConnection, kept alive): no hand-offs. */
    private static byte[] blocking(URI uri, String token) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setRequestProperty("Authorization", "Bearer " + token);
        int status = connection.getResponseCode();
        if (status != 200) {
            throw new IllegalStateException(uri + " answered " + status);
        }
        try (InputStream body = connection.getInputStream()) {
            return body.readAllBytes();
        }
    }

    private static HttpRequest request(QueryServer server, String query) {
        return HttpRequest.newBuilder(URI.create(server.base() + "/apis/v2beta1/runs?" + query))
                .header("Authorization", "Bearer " + server.bearerToken())
                .timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static byte[] bytes(HttpClient client, HttpRequest request, int status) throws Exception {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != status) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ", expected "
                    + status + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private static String ms(Histogram micros, double percentile) {
        return String.format("%.2f", micros.getValueAtPercentile(percentile) / 1000.0);
    }
}
