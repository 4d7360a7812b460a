package io.runstore.bench.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.runstore.bench.report.MachineInfo;
import io.runstore.bench.report.MarkdownTable;
import io.runstore.bench.runstore.QueryServer;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
 *     <li>JSON: that answer serialized by Jackson in-process (what the server adds for the body);</li>
 *     <li>HTTP, no SQL: a request the server refuses after authenticating it (no namespace: 400 in KFP's error
 *     shape): Tomcat, Spring Security, Spring MVC, the error body, the client;</li>
 *     <li>HTTP bytes: the real request on the real server jar (query role, multi-user, bearer token), body read as
 *     bytes;</li>
 *     <li>HTTP parsed: the same plus the client's Jackson parse of the body (what the ListRuns section times).</li>
 * </ul>
 * Closed loop, one caller (a call starts when the previous ends: service times, no target rate, so no coordinated
 * omission). Then the HTTP path open loop: requests due every {@code --interval-us}, each latency measured from when
 * it was due (HdrHistogram's expected-interval correction), so a stall counts for every request it delays.
 * With {@code --jfr=DIR} the server runs under JFR and the report adds where its request threads spent CPU
 * ({@link JfrBreakdown}).
 * <p>
 * {@code HttpPathBenchmark [--runs=10000] [--calls=2000] [--interval-us=5000] [--databases=postgresql,mysql]
 * [--jfr=DIR] [--out=DIR]}; writes {@code DIR/http-path.md} with {@code --out}.
 */
public final class HttpPathBenchmark {

    private static final int PAGE_SIZE = 20;
    private static final int WARM_UP_CALLS = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.print(report(args));
        System.exit(0);
    }

    public static String report(String[] args) throws Exception {
        int runs = 10_000;
        int calls = 2_000;
        int intervalMicros = 5_000;
        Path jfr = null;
        Path out = null;
        List<DatabaseKind> kinds = List.of(DatabaseKind.POSTGRESQL, DatabaseKind.MYSQL);
        for (String arg : args) {
            if (arg.startsWith("--runs=")) {
                runs = Integer.parseInt(arg.substring(7));
            } else if (arg.startsWith("--calls=")) {
                calls = Integer.parseInt(arg.substring(8));
            } else if (arg.startsWith("--interval-us=")) {
                intervalMicros = Integer.parseInt(arg.substring(14));
            } else if (arg.startsWith("--jfr=")) {
                jfr = Path.of(arg.substring(6));
            } else if (arg.startsWith("--databases=")) {
                kinds = Arrays.stream(arg.substring(12).split(","))
                        .map(name -> name.startsWith("postgres") ? DatabaseKind.POSTGRESQL : DatabaseKind.MYSQL).toList();
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring(6));
            }
        }
        MachineInfo machine = MachineInfo.read();
        StringBuilder report = new StringBuilder("# ListRuns: the HTTP path against its SQL\n\n")
                .append(String.format("`HttpPathBenchmark --runs=%d --calls=%d --interval-us=%d%s`, %s, %d cores (%s), "
                                + "load average (1/5/15 min) at start %s. %,d runs in one namespace (run_list, "
                                + "run_metric and the counters only: the DEFAULT view reads nothing else); the first "
                                + "page of the namespace, created_at desc, %d runs. %d untimed calls of each, then %,d "
                                + "of each alternating. Milliseconds.%n",
                        runs, calls, intervalMicros, jfr == null ? "" : " --jfr=" + jfr, machine.date(),
                        machine.cores(), machine.cpu(), MachineInfo.loadAverage(), runs, PAGE_SIZE, WARM_UP_CALLS,
                        calls));
        for (DatabaseKind kind : kinds) {
            report.append(measure(kind, runs, calls, intervalMicros, jfr));
        }
        report.append("\nLoad average at the end: ").append(MachineInfo.loadAverage()).append(".\n");
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("http-path.md"), report, StandardCharsets.UTF_8);
        }
        return report.toString();
    }

    private static String measure(DatabaseKind kind, int runs, int calls, int intervalMicros, Path jfr)
            throws Exception {
        TestDatabase database = TestDatabases.create(kind);
        try (HikariDataSource dataSource = database.newDataSource(4)) {
            ReadTablesSchema.migrate(dataSource, database.dialect());
            DSLContext dsl = DSL.using(dataSource, database.dialect(), new Settings().withExecuteLogging(false));
            RunListRows.load(dsl, runs, 2, RunListRows.Layout.ONE_NAMESPACE);
            String namespace = RunListRows.Layout.ONE_NAMESPACE.namespace(0);
            RunLister lister = new RunLister(QueryDsl.of(dsl, Duration.ofSeconds(5)),
                    new PageTokens("bench".getBytes(StandardCharsets.UTF_8)));
            Listing.Parameters firstPage = new Listing.Parameters(null, "created_at desc", "sort_by", null);

            Path recording = null;
            if (jfr != null) {
                Files.createDirectories(jfr);
                recording = jfr.resolve("http-path-" + kind.name().toLowerCase() + ".jfr").toAbsolutePath();
                System.setProperty("bench.server.jvm", "-XX:StartFlightRecording=settings=profile,dumponexit=true,"
                        + "filename=" + recording);
            }
            QueryServer server;
            try {
                server = QueryServer.startServer(database, List.of(namespace));
            } finally {
                System.clearProperty("bench.server.jvm");
            }
            String section;
            try {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                HttpRequest page = request(server, "namespace=" + namespace + "&sort_by=created_at%20desc&page_size="
                        + PAGE_SIZE);
                HttpRequest refused = request(server, "sort_by=created_at%20desc&page_size=" + PAGE_SIZE);
                ListRunsView answer = lister.list(RunScope.namespace(namespace), firstPage, PAGE_SIZE,
                        RunViewMode.DEFAULT);
                byte[] body = bytes(client, page, 200);
                int bytes = body.length;
                if (JSON.readTree(body).path("runs").size() != answer.runs().size()) {
                    throw new IllegalStateException("HTTP and SQL answers differ in size");
                }

                Map<String, Callable<Object>> steps = new LinkedHashMap<>();
                steps.put("SQL (RunLister in-process)", () -> lister.list(RunScope.namespace(namespace), firstPage,
                        PAGE_SIZE, RunViewMode.DEFAULT));
                steps.put("JSON (Jackson writes that answer, in-process)", () -> JSON.writeValueAsBytes(answer));
                steps.put("HTTP, no SQL (authenticated, refused: 400)", () -> bytes(client, refused, 400));
                steps.put("HTTP bytes (GET, body read, not parsed)", () -> bytes(client, page, 200));
                steps.put("HTTP parsed (GET + client's Jackson parse)", () -> JSON.readTree(bytes(client, page, 200)));
                Map<String, Histogram> times = new LinkedHashMap<>();
                steps.keySet().forEach(step -> times.put(step, new Histogram(3)));
                for (int i = 0; i < WARM_UP_CALLS + calls; i++) {
                    for (Map.Entry<String, Callable<Object>> step : steps.entrySet()) {
                        long started = System.nanoTime();
                        step.getValue().call();
                        long micros = Math.max(1, (System.nanoTime() - started) / 1_000);
                        if (i >= WARM_UP_CALLS) {
                            times.get(step.getKey()).recordValue(micros);
                        }
                    }
                }
                Histogram open = openLoop(() -> JSON.readTree(bytes(client, page, 200)), calls, intervalMicros);

                MarkdownTable table = new MarkdownTable("step", "p50", "p90", "p99", "max").numeric(1, 2, 3, 4);
                times.forEach((step, histogram) -> table.row(step, ms(histogram, 50), ms(histogram, 90),
                        ms(histogram, 99), String.format("%.2f", histogram.getMaxValue() / 1000.0)));
                table.row("HTTP parsed, open loop: a request due every " + intervalMicros + " µs, latency from when it "
                                + "was due (coordinated omission corrected)", ms(open, 50), ms(open, 90), ms(open, 99),
                        String.format("%.2f", open.getMaxValue() / 1000.0));
                double sql = times.get("SQL (RunLister in-process)").getValueAtPercentile(50) / 1000.0;
                double http = times.get("HTTP parsed (GET + client's Jackson parse)").getValueAtPercentile(50) / 1000.0;
                section = String.format("%n## %s (%s)%n%nBody %,d bytes for %d runs. HTTP parsed p50 minus SQL p50: "
                                + "**%.2f ms** (target: within 0.5 ms).%n%n%s", kind, database.dialect(), bytes,
                        answer.runs().size(), http - sql, table.render());
            } finally {
                server.close();
            }
            if (recording != null && Files.exists(recording)) {
                section += String.format("%nWhere the server's request threads spent CPU over the whole run (JFR "
                        + "execution samples, `%s`):%n%n%s", recording.getFileName(),
                        JfrBreakdown.breakdown(recording).render());
            }
            return section;
        }
    }

    /** Requests sent on a fixed schedule; each recorded from when it was due. */
    private static Histogram openLoop(Callable<Object> call, int calls, int intervalMicros) throws Exception {
        Histogram histogram = new Histogram(3);
        long interval = intervalMicros * 1_000L;
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            call.call();
            histogram.recordValue(Math.max(1, (System.nanoTime() - due) / 1_000));
        }
        return histogram;
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
