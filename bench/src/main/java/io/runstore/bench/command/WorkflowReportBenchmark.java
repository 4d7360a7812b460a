package io.runstore.bench.command;

import api.ReportServiceGrpc;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.runstore.bench.report.BarValues;
import io.runstore.bench.report.Charts;
import io.runstore.bench.report.ClosedLoopLatency;
import io.runstore.bench.report.MachineInfo;
import io.runstore.bench.report.MarkdownTable;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * KFP's persistence agent's load on runstore's gRPC ReportService: {@value #RUNS} running workflows of
 * {@value #NODES} nodes each (the real server jar as a separate process, all roles on, a fresh database), reported
 * once, then re-sent by {@code 8} concurrent clients over one channel:
 * <ul>
 *   <li>unchanged resyncs: each run's workflow document as it was last reported;</li>
 *   <li>changing workflows: each report moves one node of its run on (Pending to Running to Succeeded), so every
 *   report is exactly one task event.</li>
 * </ul>
 * A large KFP cluster re-sends 1,000 running workflows every 30 s (33 reports/s): the headroom is the measured rate
 * divided by that. The baseline is plain JDBC, one row per transaction, same database and concurrency, measured in
 * the same run. Command (from the repository root, after {@code mvn -B -q -pl server,bench -am package -DskipTests
 * dependency:build-classpath -Dmdep.outputFile=target/classpath.txt}):
 * <pre>
 * flock /tmp/runstore-bench.lock java -cp bench/target/classes:$(cat bench/target/classpath.txt) \
 *     io.runstore.bench.command.WorkflowReportBenchmark --chart=docs/benchmarks/kfp-reports.png
 * </pre>
 * {@code --out=FILE} (default {@code docs/benchmarks/kfp-reports.md}, which also holds {@link KfpImportBenchmark}'s
 * section: write elsewhere and merge); {@code --chart=FILE.png}: reports/s over the baseline's rows/s per database
 * and scenario (the page links it by file name).
 */
public final class WorkflowReportBenchmark {

    static final int RUNS = 1000;
    static final int NODES = 20;
    private static final int CLIENTS = 8;
    private static final double CLUSTER_REPORTS_PER_SECOND = RUNS / 30.0;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmup", 3));
    private final Duration measured = Duration.ofSeconds(Long.getLong("bench.seconds", 8));
    private final HttpClient http = HttpClient.newHttpClient();

    private final BarValues chart = new BarValues();

    public static void main(String[] args) throws Exception {
        Path out = Path.of("docs/benchmarks/kfp-reports.md");
        Path chartFile = null;
        for (String arg : args) {
            if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            } else if (arg.startsWith("--chart=")) {
                chartFile = Path.of(arg.substring("--chart=".length()));
            }
        }
        String document = new WorkflowReportBenchmark().measureAll(chartFile);
        Files.createDirectories(out.getParent());
        Files.writeString(out, document);
        System.out.println("Written to " + out.toAbsolutePath());
        System.exit(0);
    }

    private String measureAll(Path chartFile) throws Exception {
        String loadAtStart = MachineInfo.loadAverage();
        MarkdownTable table = new MarkdownTable("database", "scenario", "clients", "reports/s", "events/s",
                "p50 ms (corrected)", "p99 ms (corrected)", "errors", "headroom (÷ 33.3 reports/s)",
                "baseline: JDBC 1 row/tx, rows/s",
                "reports/s ÷ baseline").numeric(2, 3, 4, 5, 6, 7, 8, 9, 10);
        int documentBytes = 0;
        for (String kind : System.getProperty("bench.databases", "POSTGRESQL,MYSQL").split(",")) {
            TestDatabase database = TestDatabases.create(DatabaseKind.valueOf(kind.trim()));
            String name = database.dialect() == org.jooq.SQLDialect.MARIADB ? "MariaDB"
                    : kind.trim().equals("MYSQL") ? "MySQL" : "PostgreSQL";
            int grpcPort = freePort();
            try (ServerProcess server = ServerProcess.start(ServerProcess.defaultJar(), database,
                    List.of("--runstore.grpc.port=" + grpcPort))) {
                ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext()
                        .build();
                try {
                    ReportServiceGrpc.ReportServiceBlockingStub stub = ReportServiceGrpc.newBlockingStub(channel);
                    List<Workflow> workflows = prepare(server.port(), stub);
                    documentBytes = workflows.get(0).document.length();
                    JdbcBaseline.Point baseline = JdbcBaseline.measure(database, CLIENTS, warmUp, measured);
                    AtomicInteger next = new AtomicInteger();
                    JdbcBaseline.Point unchanged = Load.run(CLIENTS, warmUp, measured, thread -> {
                        Workflow workflow = workflows.get(Math.floorMod(next.getAndIncrement(), RUNS));
                        report(stub, workflow.document);
                        return true;
                    });
                    row(table, name, "unchanged resync", unchanged, 0, baseline);
                    JdbcBaseline.Point metadataOnly = Load.run(CLIENTS, warmUp, measured, thread -> {
                        Workflow workflow = workflows.get(Math.floorMod(next.getAndIncrement(), RUNS));
                        synchronized (workflow) {
                            workflow.touch();
                            report(stub, workflow.document);
                        }
                        return true;
                    });
                    row(table, name, "resync, only metadata changed", metadataOnly, 0, baseline);
                    JdbcBaseline.Point changing = Load.run(CLIENTS, warmUp, measured, thread -> {
                        Workflow workflow = workflows.get(Math.floorMod(next.getAndIncrement(), RUNS));
                        synchronized (workflow) {
                            if (!workflow.advance()) {
                                return false;
                            }
                            report(stub, workflow.document);
                        }
                        return true;
                    });
                    row(table, name, "changing (one node moves on)", changing, 1, baseline);
                } finally {
                    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
            }
        }
        if (chartFile != null) {
            Charts.ratioBars(chartFile, "KFP workflow reports over gRPC against plain JDBC, same run",
                    "reports/s ÷ JDBC rows/s (1 row per transaction)", "JDBC baseline", chart.asMap());
        }
        return """
                # KFP workflow reports over gRPC

                Written by `io.runstore.bench.command.WorkflowReportBenchmark` (bench module) on %s; see its class
                comment for the command. The real server jar runs as a separate process on a fresh database, all roles
                on (the projection follows the events). %,d runs, each with a running Argo workflow of %d nodes
                (%,d bytes of JSON), created over HTTP and reported once; then %d clients re-send them over one gRPC
                channel (KFP's v1beta1 `ReportService.ReportWorkflowV1`, clients generated from KFP's protos) for %d s
                after %d s of warm-up. "unchanged resync" re-sends each document as last reported (answered from the digest
                cache); "only metadata changed" gives each a new resourceVersion (the run compares and writes nothing); "changing" moves
                one node of the run on (Pending, Running, Succeeded) per report, which is one task event. Headroom: a
                large KFP cluster re-sends 1,000 running workflows every 30 s, 33.3 reports/s. Baseline: plain JDBC,
                one row per transaction, same database and %d threads, measured in the same run. Each client reports
                back to back (a closed loop); p50 and p99 are its latencies %s, each client's interval from its own
                warm-up. Load average at the start: %s; at the end: %s (2 shared cores).

                %s%s
                """.formatted(Instant.now(), RUNS, NODES, documentBytes, CLIENTS, measured.toSeconds(),
                warmUp.toSeconds(), CLIENTS, ClosedLoopLatency.METHOD, loadAtStart, MachineInfo.loadAverage(),
                table.render(), chartFile == null ? "" : "\n![reports/s against plain JDBC, per database and scenario]("
                        + chartFile.getFileName() + ")\n");
    }

    private void row(MarkdownTable table, String database, String scenario, JdbcBaseline.Point point,
                     int eventsPerReport, JdbcBaseline.Point baseline) {
        chart.put(scenario, database, point.perSecond() / baseline.perSecond());
        table.row(database, scenario, CLIENTS, Math.round(point.perSecond()),
                Math.round(point.perSecond() * eventsPerReport), String.format("%.1f", point.p50Millis()),
                String.format("%.1f", point.p99Millis()), point.errors(),
                String.format("%.0fx", point.perSecond() / CLUSTER_REPORTS_PER_SECOND),
                Math.round(baseline.perSecond()), String.format("%.2f", point.perSecond() / baseline.perSecond()));
        System.err.println(database + " " + scenario + ": " + Math.round(point.perSecond()) + " reports/s");
    }

    private static void report(ReportServiceGrpc.ReportServiceBlockingStub stub, String document) {
        stub.withDeadlineAfter(30, TimeUnit.SECONDS).reportWorkflowV1(
                api.Report.ReportWorkflowRequest.newBuilder().setWorkflow(document).build());
    }

    private List<Workflow> prepare(int httpPort, ReportServiceGrpc.ReportServiceBlockingStub stub)
            throws IOException, InterruptedException {
        List<Workflow> workflows = new ArrayList<>(RUNS);
        for (int i = 0; i < RUNS; i++) {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort + "/apis/v2beta1/runs"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"display_name\": \"bench " + i
                            + "\", \"pipeline_version_reference\": {\"pipeline_id\": \"bench\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Workflow workflow = new Workflow(JSON.readTree(created.body()).get("run_id").asText(), i);
            report(stub, workflow.document);
            workflows.add(workflow);
        }
        return workflows;
    }

    /**
     * A running KFP v2 workflow of {@value #NODES} nodes: the workflow's DAG, the root driver, the root DAG and a
     * chain of executor pods, the first running and the rest pending. {@link #advance} moves the first node that
     * can move on.
     */
    private static final class Workflow {

        private final ObjectNode root;
        private final String name;
        private String document;
        private long version;

        Workflow(String runId, int index) {
            name = "bench-pipeline-" + Integer.toString(index, 36) + "-x7k2p";
            root = JSON.createObjectNode();
            root.put("apiVersion", "argoproj.io/v1alpha1").put("kind", "Workflow");
            ObjectNode metadata = root.putObject("metadata");
            metadata.put("name", name).put("namespace", "kubeflow-bench").put("uid", java.util.UUID.randomUUID()
                    .toString()).put("creationTimestamp", "2026-03-02T09:14:05Z");
            metadata.putObject("labels").put("pipeline/runid", runId).put("workflows.argoproj.io/phase", "Running")
                    .put("pipelines.kubeflow.org/v2_component", "true");
            metadata.putObject("annotations").put("pipelines.kubeflow.org/v2_pipeline", "true")
                    .put("workflows.argoproj.io/pod-name-format", "v2");
            ObjectNode spec = root.putObject("spec");
            spec.put("entrypoint", "entrypoint").put("serviceAccountName", "pipeline-runner");
            ArrayNode parameters = spec.putObject("arguments").putArray("parameters");
            for (int c = 0; c < NODES - 3; c++) {
                parameters.addObject().put("name", "components-comp-step-" + c).put("value",
                        "{\"executorLabel\":\"exec-step-" + c + "\",\"inputDefinitions\":{\"parameters\":{\"lr\":"
                                + "{\"parameterType\":\"NUMBER_DOUBLE\"}}},\"outputDefinitions\":{\"artifacts\":"
                                + "{\"model\":{\"artifactType\":{\"schemaTitle\":\"system.Model\"}}}}}");
            }
            ObjectNode status = root.putObject("status");
            status.put("phase", "Running").put("startedAt", "2026-03-02T09:14:05Z");
            ObjectNode nodes = status.putObject("nodes");
            node(nodes, name, name, "DAG", "entrypoint", "Running", null).putArray("children").add(name + "-1");
            node(nodes, name + "-1", "root-driver", "Pod", "system-dag-driver", "Succeeded", name)
                    .putArray("children").add(name + "-2");
            node(nodes, name + "-2", "root", "DAG", "root", "Running", name).putArray("children").add(name + "-3");
            for (int n = 3; n < NODES; n++) {
                ObjectNode pod = node(nodes, name + "-" + n, "step-" + (n - 3), "Pod", "system-container-executor",
                        n == 3 ? "Running" : "Pending", name + "-2");
                if (n + 1 < NODES) {
                    pod.putArray("children").add(name + "-" + (n + 1));
                }
            }
            document = root.toString();
        }

        private static ObjectNode node(ObjectNode nodes, String id, String displayName, String type,
                                       String template, String phase, String boundary) {
            ObjectNode node = nodes.putObject(id);
            node.put("id", id).put("name", id.contains("-") ? displayName : id).put("displayName", displayName)
                    .put("type", type).put("templateName", template).put("templateScope", "local/")
                    .put("phase", phase).put("startedAt", "2026-03-02T09:14:05Z");
            if (boundary != null) {
                node.put("boundaryID", boundary);
            }
            node.putObject("resourcesDuration").put("cpu", 1).put("memory", 12);
            node.put("hostNodeName", "gke-pool-1-a9c3");
            return node;
        }

        /** A new resourceVersion, nothing else: a document the server has not seen that changes nothing. */
        void touch() {
            ((ObjectNode) root.get("metadata")).put("resourceVersion", String.valueOf(++version));
            document = root.toString();
        }

        /** Moves the first node that is not finished on by one phase; false when every node has finished. */
        boolean advance() {
            JsonNode nodes = root.get("status").get("nodes");
            for (int n = 3; n < NODES; n++) {
                ObjectNode node = (ObjectNode) nodes.get(name + "-" + n);
                String phase = node.get("phase").asText();
                if (phase.equals("Pending")) {
                    node.put("phase", "Running");
                } else if (phase.equals("Running")) {
                    node.put("phase", "Succeeded").put("finishedAt", Instant.now().toString());
                } else {
                    continue;
                }
                document = root.toString();
                return true;
            }
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
