package io.runstore.server.command;

import api.ReportServiceGrpc;
import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.runstore.command.grpc.GrpcServer;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import ml_metadata.MetadataStoreServiceOuterClass.GetContextByTypeAndNameRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While the database cannot be reached, every request that needs it (reads, writes of each kind, workflow reports,
 * ML Metadata, gRPC, the admin API, health) is answered 503 with Retry-After in KFP's error shape within a few times
 * {@code runstore.database.unavailable-timeout} (1 s here), and a write leaves nothing behind; once the database is
 * back, the same requests succeed again. The database is reached through a proxy the test cuts (the shared database
 * servers stay up). In multi-user mode the security chain looks up the run's namespace first: that lookup failing is
 * the same 503.
 */
abstract class DatabaseOutageTest {

    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+)(?::(\\d+))?/");
    /** runstore.database.unavailable-timeout in these tests. */
    static final Duration UNAVAILABLE_TIMEOUT = Duration.ofSeconds(1);
    /** runstore.database.response-timeout in these tests. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(3);
    /**
     * Every request sent at once to a silent database is answered within this: the response timeout for a request
     * whose connection went silent, the unavailable timeout for each one waiting for a connection, and the writes of
     * a group commit one after the other.
     */
    private static final Duration SILENT_ANSWER_WITHIN = Duration.ofSeconds(40);
    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageTest.class);
    static CuttableProxy proxy;

    @LocalServerPort
    int port;
    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    GrpcServer grpcServer;

    static void useDatabaseThroughProxy(DynamicPropertyRegistry registry, DatabaseKind kind) {
        TestDatabase database = TestDatabases.create(kind);
        Matcher address = HOST_PORT.matcher(database.jdbcUrl());
        if (!address.find()) {
            throw new IllegalStateException("no host in " + database.jdbcUrl());
        }
        int databasePort = address.group(2) != null ? Integer.parseInt(address.group(2))
                : kind == DatabaseKind.POSTGRESQL ? 5432 : 3306;
        try {
            proxy = new CuttableProxy(address.group(1), databasePort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = database.jdbcUrl().substring(0, address.start()) + "//127.0.0.1:" + proxy.port() + "/"
                + database.jdbcUrl().substring(address.end());
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("runstore.database.unavailable-timeout", () -> UNAVAILABLE_TIMEOUT.toMillis() + "ms");
        registry.add("runstore.database.response-timeout", () -> RESPONSE_TIMEOUT.toMillis() + "ms");
        registry.add("runstore.grpc.port", () -> "0");
    }

    @AfterAll
    static void closeProxy() throws IOException {
        proxy.close();
    }

    /** The headers that say who is calling (none in single-user mode). */
    String[] identity() {
        return new String[0];
    }

    /** Where runs are created (multi-user mode names a namespace). */
    String runs() {
        return CommandApiTest.RUNS;
    }

    /** The query string that names the namespace of a list or a creation (none in single-user mode). */
    String inNamespace() {
        return "";
    }

    static final String RUN_BODY =
            "{\"display_name\": \"run\", \"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}}";

    @Test
    void writesAreUnavailableWithRetryAfterWhileTheDatabaseIsDownAndLeaveNothing() throws Exception {
        Http http = new Http(port);
        String run = http.post(runs(),
                "{\"display_name\": \"run\", \"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}}",
                identity()).json().get("run_id").asText();

        proxy.cut();
        Http.Answer archive = http.post(CommandApiTest.RUNS + "/" + run + ":archive", null, identity());
        String[] keyed = java.util.stream.Stream.concat(java.util.Arrays.stream(identity()),
                java.util.stream.Stream.of("Idempotency-Key", "during-outage")).toArray(String[]::new);
        Http.Answer create = http.post(runs(), "{\"display_name\": \"x\", "
                + "\"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}}", keyed);
        proxy.restore();

        assertThat(archive.status()).as(archive.body()).isEqualTo(503);
        assertThat(archive.retryAfter()).isEqualTo("1");
        assertThat(archive.json().get("code").asInt()).isEqualTo(14);
        assertThat(create.status()).as(create.body()).isEqualTo(503);
        Http.Answer after = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.post(CommandApiTest.RUNS + "/" + run + ":unarchive", null, identity()),
                        answer -> answer.status() == 200);
        assertThat(after.token()).isEqualTo(run + ":0");
        List<String> types = new ArrayList<>();
        storageEngine.readEvents(run).asStream().forEach(event -> types.add(event.getPayloadType().getSimpleName()));
        assertThat(types).containsExactly("RunCreated");
    }

    @Test
    void everyRequestIsAnswered503WithRetryAfterWithinTheTimeoutAndSucceedsOnceTheDatabaseIsBack() throws Exception {
        Http http = new Http(port);
        String run = http.post(runs(), RUN_BODY, identity()).json().get("run_id").asText();
        String task = http.post(CommandApiTest.RUNS + "/" + run + "/tasks", "{\"name\": \"train\"}", identity())
                .json().get("task_id").asText();
        String experiment = http.post("/apis/v2beta1/experiments" + inNamespace(),
                "{\"display_name\": \"outage " + System.nanoTime() + "\"}", identity()).json().get("experiment_id")
                .asText();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.port()).usePlaintext()
                .build();
        String reported = http.post(runs(), RUN_BODY, identity()).json().get("run_id").asText();
        assertThat(reportOverGrpc(channel, reported)).as("a report over gRPC before the outage")
                .isEqualTo(Status.Code.OK);
        List<Request> reads = reads(run, task, experiment);
        List<Request> writes = writes(run, task, experiment);
        long events = events(run);

        proxy.cut();
        List<String> wrong = new ArrayList<>();
        try {
            for (Request request : concat(reads, writes)) {
                long start = System.nanoTime();
                Http.Answer answer = request.send(http, identity());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                log.info("During the outage {} answered {} in {} ms", request.name(), answer.status(), took.toMillis());
                String problem = request.grpcWeb() ? notUnavailableGrpcWeb(answer) : notUnavailableKfp(answer);
                if (problem == null && took.compareTo(UNAVAILABLE_TIMEOUT.multipliedBy(3)) > 0) {
                    problem = "answered after " + took.toMillis() + " ms";
                }
                if (problem != null) {
                    wrong.add(request.name() + ": " + problem);
                }
            }
            long start = System.nanoTime();
            Http.Answer health = http.get("/actuator/health");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (health.status() != 503 || took.compareTo(UNAVAILABLE_TIMEOUT.multipliedBy(3)) > 0) {
                wrong.add("health: " + health.status() + " after " + took.toMillis() + " ms: " + health.body());
            }
            start = System.nanoTime();
            Status.Code grpc = reportOverGrpc(channel, run);
            took = Duration.ofNanos(System.nanoTime() - start);
            if (grpc != Status.Code.UNAVAILABLE || took.compareTo(UNAVAILABLE_TIMEOUT.multipliedBy(3)) > 0) {
                wrong.add("gRPC ReportWorkflow: " + grpc + " after " + took.toMillis() + " ms");
            }
        } finally {
            proxy.restore();
        }
        assertThat(wrong).as("requests not answered 503 with Retry-After in time while the database was down")
                .isEmpty();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.get(CommandApiTest.RUNS + "/" + run, identity()).status() == 200);
        assertThat(events(run)).as("events written during the outage").isEqualTo(events);
        for (Request request : concat(reads, writes)) {
            Http.Answer answer = request.send(http, identity());
            assertThat(answer.status()).as(request.name() + " after the outage: " + answer.body()).isEqualTo(200);
            if (request.grpcWeb()) {
                assertThat(answer.body()).as(request.name() + " after the outage: its trailers frame")
                        .contains("grpc-status:0");
            }
        }
        assertThat(http.get("/actuator/health").status()).isEqualTo(200);
        assertThat(reportOverGrpc(channel, http.post(runs(), RUN_BODY, identity()).json().get("run_id").asText()))
                .isEqualTo(Status.Code.OK);
        channel.shutdownNow();
    }

    /**
     * A database that stops answering without closing anything (a partition, a host that died after a query was sent):
     * a request on a pooled connection that was used a moment before (the pool lends it without a check) waits for
     * bytes that never come, and its statement's own timeout cannot cancel anything on a silent host. Every request
     * sent at once while the database is silent is answered within the response timeout and a little (503, or a 4xx
     * the command side decides from a run it holds in memory: the requests race each other here), and once the
     * database answers again every request succeeds.
     */
    @Test
    void everyRequestIsAnsweredWhileTheDatabaseStopsAnsweringAndSucceedsOnceItAnswersAgain() throws Exception {
        Http http = new Http(port);
        String run = http.post(runs(), RUN_BODY, identity()).json().get("run_id").asText();
        String task = http.post(CommandApiTest.RUNS + "/" + run + "/tasks", "{\"name\": \"train\"}", identity())
                .json().get("task_id").asText();
        String experiment = http.post("/apis/v2beta1/experiments" + inNamespace(),
                "{\"display_name\": \"silent " + System.nanoTime() + "\"}", identity()).json().get("experiment_id")
                .asText();
        List<Request> all = concat(reads(run, task, experiment), writes(run, task, experiment));
        long events = events(run);
        ExecutorService callers = Executors.newFixedThreadPool(all.size());
        try {
            // every pooled connection used just now, so that the pool lends them unchecked once the database is silent
            List<Future<Http.Answer>> touches = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                touches.add(callers.submit(() -> http.get(CommandApiTest.RUNS + "/" + run, identity())));
            }
            for (Future<Http.Answer> touch : touches) {
                touch.get(30, TimeUnit.SECONDS);
            }
            List<Future<String>> answers = new ArrayList<>();
            proxy.freeze();
            try {
                for (Request request : all) {
                    answers.add(callers.submit(() -> {
                        long start = System.nanoTime();
                        Http.Answer answer = request.send(http, identity());
                        log.info("While the database was silent {} answered {} in {} ms", request.name(),
                                answer.status(), (System.nanoTime() - start) / 1_000_000);
                        if (!request.grpcWeb() && answer.status() >= 400 && answer.status() < 500
                                && answer.json().path("code").isInt()) {
                            return null; // refused by the run's cached state, with nothing to write
                        }
                        return request.grpcWeb() ? notUnavailableGrpcWeb(answer) : notUnavailableKfp(answer);
                    }));
                }
                List<String> wrong = new ArrayList<>();
                long deadline = System.nanoTime() + SILENT_ANSWER_WITHIN.toNanos();
                for (int i = 0; i < all.size(); i++) {
                    try {
                        String problem = answers.get(i).get(Math.max(0, deadline - System.nanoTime()),
                                TimeUnit.NANOSECONDS);
                        if (problem != null) {
                            wrong.add(all.get(i).name() + ": " + problem);
                        }
                    } catch (TimeoutException e) {
                        wrong.add(all.get(i).name() + ": no answer within " + SILENT_ANSWER_WITHIN.toSeconds() + " s");
                    }
                }
                assertThat(wrong).as("requests not answered 503 with Retry-After while the database was silent")
                        .isEmpty();
            } finally {
                proxy.thaw();
            }
        } finally {
            callers.shutdownNow();
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.get(CommandApiTest.RUNS + "/" + run, identity()).status() == 200);
        assertThat(events(run)).as("events written while the database was silent").isEqualTo(events);
        for (Request request : concat(reads(run, task, experiment), writes(run, task, experiment))) {
            Http.Answer answer = request.send(http, identity());
            assertThat(answer.status()).as(request.name() + " after the silence: " + answer.body()).isEqualTo(200);
        }
    }

    /** Each read the API has that needs the database, of the run, task and experiment given. */
    List<Request> reads(String run, String task, String experiment) {
        String runPath = CommandApiTest.RUNS + "/" + run;
        return List.of(
                Request.of("ListRuns", "GET", CommandApiTest.RUNS + inNamespace(), null),
                Request.of("GetRun", "GET", runPath, null),
                Request.of("GetRun v1", "GET", "/apis/v1beta1/runs/" + run, null),
                Request.of("ListTasks", "GET", runPath + "/tasks", null),
                Request.of("GetTask", "GET", runPath + "/tasks/" + task, null),
                Request.of("run history", "GET", runPath + "/events", null),
                Request.of("findCached", "POST", "/apis/v2beta1/tasks:findCached",
                        "{\"namespace\": \"" + namespace() + "\", \"cache_fingerprint\": \"f\"}"),
                Request.of("ListExperiments", "GET", "/apis/v2beta1/experiments" + inNamespace(), null),
                Request.of("GetExperiment", "GET", "/apis/v2beta1/experiments/" + experiment, null),
                Request.of("GetExperiment v1", "GET", "/apis/v1beta1/experiments/" + experiment, null),
                Request.of("replay status", "GET", "/apis/runstore/admin/replay", null),
                new Request("ML Metadata GetContextByTypeAndName", "POST",
                        "/ml_metadata.MetadataStoreService/GetContextByTypeAndName", mlmdContextRequest(run), true));
    }

    /**
     * Each kind of write, in an order that succeeds once the database is back (the run is reported running, then
     * terminated, reported failed, retried, archived, unarchived and deleted).
     */
    List<Request> writes(String run, String task, String experiment) {
        String runPath = CommandApiTest.RUNS + "/" + run;
        String experimentPath = "/apis/v2beta1/experiments/" + experiment;
        return List.of(
                Request.of("CreateRun", "POST", runs(), RUN_BODY),
                Request.of("CreateTask", "POST", runPath + "/tasks", "{\"name\": \"evaluate\"}"),
                Request.of("UpdateTask", "PATCH", runPath + "/tasks/" + task, "{\"state\": \"RUNNING\"}"),
                Request.of("tasks:batchUpdate", "POST", runPath + "/tasks:batchUpdate",
                        "{\"tasks\": {\"" + task + "\": {\"display_name\": \"Train\"}}}"),
                Request.of("reportMetrics", "POST", runPath + ":reportMetrics",
                        "{\"metrics\": [{\"name\": \"acc\", \"node_id\": \"n\", \"number_value\": 0.9}]}"),
                Request.of("workflow report", "POST", "/apis/v2beta1/workflows",
                        WorkflowReportGrpcTest.workflow("three-steps.json", run).toString()),
                Request.of("TerminateRun", "POST", runPath + ":terminate", null),
                Request.of("reportState", "POST", runPath + ":reportState", "{\"state\": \"FAILED\"}"),
                Request.of("RetryRun", "POST", runPath + ":retry", null),
                Request.of("ArchiveRun", "POST", runPath + ":archive", null),
                Request.of("UnarchiveRun", "POST", runPath + ":unarchive", null),
                Request.of("DeleteRun", "DELETE", runPath, null),
                Request.of("CreateExperiment", "POST", "/apis/v2beta1/experiments" + inNamespace(),
                        "{\"display_name\": \"during " + System.nanoTime() + "\"}"),
                Request.of("ArchiveExperiment", "POST", experimentPath + ":archive", null),
                Request.of("UnarchiveExperiment", "POST", experimentPath + ":unarchive", null),
                Request.of("DeleteExperiment", "DELETE", experimentPath, null));
    }

    /** The namespace runs and experiments are made in ("" in single-user mode). */
    String namespace() {
        return inNamespace().isEmpty() ? "" : inNamespace().substring(inNamespace().indexOf('=') + 1);
    }

    private static String notUnavailableKfp(Http.Answer answer) {
        if (answer.status() != 503 || answer.retryAfter() == null) {
            return answer.status() + " Retry-After " + answer.retryAfter() + ": " + answer.body();
        }
        JsonNode body = answer.json();
        if (body.path("code").asInt() != 14 || !body.path("message").isTextual() || !body.path("error").isTextual()
                || !body.path("details").isArray()) {
            return "not KFP's error shape: " + answer.body();
        }
        return null;
    }

    private static String notUnavailableGrpcWeb(Http.Answer answer) {
        if (answer.status() != 503 || answer.retryAfter() == null || !"14".equals(answer.grpcStatus())) {
            return answer.status() + " Retry-After " + answer.retryAfter() + " grpc-status " + answer.grpcStatus();
        }
        return null;
    }

    private Status.Code reportOverGrpc(ManagedChannel channel, String run) {
        Metadata headers = new Metadata();
        for (int i = 0; i < identity().length; i += 2) {
            headers.put(Metadata.Key.of(identity()[i], Metadata.ASCII_STRING_MARSHALLER), identity()[i + 1]);
        }
        try {
            ReportServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .reportWorkflowV1(api.Report.ReportWorkflowRequest.newBuilder()
                            .setWorkflow(WorkflowReportGrpcTest.workflow("three-steps.json", run).toString()).build());
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    private static byte[] mlmdContextRequest(String run) {
        byte[] message = GetContextByTypeAndNameRequest.newBuilder().setTypeName("system.PipelineRun")
                .setContextName(run).build().toByteArray();
        return ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message).array();
    }

    private long events(String run) {
        return storageEngine.readEvents(run).asStream().count();
    }

    private static List<Request> concat(List<Request> first, List<Request> second) {
        List<Request> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** One request of the walk; an ML Metadata call is gRPC-web (its answer is not KFP's JSON). */
    record Request(String name, String method, String path, byte[] body, boolean grpcWeb) {

        static Request of(String name, String method, String path, String json) {
            return new Request(name, method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                    false);
        }

        Http.Answer send(Http http, String[] identity) {
            if (!grpcWeb) {
                return http.sendBytes(method, path, body, identity);
            }
            String[] headers = java.util.stream.Stream.concat(java.util.Arrays.stream(identity),
                    java.util.stream.Stream.of("Content-Type", "application/grpc-web+proto", "X-Grpc-Web", "1"))
                    .toArray(String[]::new);
            return http.sendBytes(method, path, body, headers);
        }
    }
}
