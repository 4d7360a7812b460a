package io.runstore.server.command;

import io.runstore.testsupport.DatabaseKind;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static io.runstore.readtables.schema.Tables.PROJECTION_DEAD_LETTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Input the read tables or the databases cannot hold is refused before an event exists (issue 14): times outside
 * what the API can store, NUL and lone surrogates in any text, invalid UTF-8, lenient JSON, ids a collation would
 * stretch to another run. Every refusal is a 400 in KFP's shape naming the field, and the event log is unchanged;
 * what is accepted is projected without a dead letter. All roles in one process, once per database.
 */
abstract class UnstorableInputTest {

    static final String RUNS = CommandApiTest.RUNS;

    @LocalServerPort
    int port;
    @Autowired
    DSLContext dsl;

    Http http;

    static void useDatabase(DynamicPropertyRegistry registry, DatabaseKind kind) {
        CommandApiTest.useDatabase(registry, kind);
        registry.add("runstore.grpc.port", () -> "0");
    }

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    // ---- times

    @Test
    void taskTimesOutsideTheStorableRangeAreRefusedNamingTheField() {
        String run = createRun();
        String task = createTask(run, "{\"name\": \"train\"}");
        for (String time : new String[] {"+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z",
                "0000-12-31T23:59:59.999999Z"}) {
            assertRefused(() -> http.post(RUNS + "/" + run + "/tasks", "{\"name\": \"t\", \"create_time\": \"" + time
                    + "\"}"), "create_time");
            assertRefused(() -> http.patch(RUNS + "/" + run + "/tasks/" + task, "{\"end_time\": \"" + time + "\"}"),
                    "end_time");
            assertRefused(() -> http.post(RUNS + "/" + run + "/tasks:batchUpdate", "{\"tasks\": {\"" + task
                    + "\": {\"end_time\": \"" + time + "\"}}}"), "end_time");
            assertRefused(() -> http.post(RUNS + "/" + run + ":reportState", "{\"state\": \"RUNNING\", \"update_time\": \""
                    + time + "\"}"), "update_time");
        }
        assertProjected(run);
    }

    @Test
    void timesFromYearOneToYear9999AreStoredAndReadBackAsGiven() {
        String run = createRun();
        String task = createTask(run, "{\"name\": \"train\"}");
        for (String[] times : new String[][] {{"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z"},
                {"1000-01-01T00:00:00.000001Z", "1969-12-31T23:59:59Z"}}) {
            Http.Answer patched = http.patch(RUNS + "/" + run + "/tasks/" + task, "{\"create_time\": \"" + times[0]
                    + "\", \"end_time\": \"" + times[1] + "\"}");
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            Http.Answer read = http.get(RUNS + "/" + run + "/tasks/" + task);
            assertThat(read.json().get("create_time").asText()).isEqualTo(times[0]);
            assertThat(read.json().get("end_time").asText()).isEqualTo(times[1]);
        }
        String other = createRun();
        Http.Answer reported = http.post(RUNS + "/" + other + ":reportState", "{\"state\": \"FAILED\", "
                + "\"update_time\": \"0001-01-01T00:00:00Z\"}");
        assertThat(reported.status()).as(reported.body()).isEqualTo(200);
        assertProjected(run);
        assertProjected(other);
    }

    // ---- NUL and lone surrogates in text

    @Test
    void aNulInAnyTextOfABodyIsRefusedNamingTheField() {
        String run = createRun();
        String task = createTask(run, "{\"name\": \"train\"}");
        assertRefused(() -> http.post(RUNS, runBody("\"display_name\": \"a\\u0000b\"")), "display_name");
        assertRefused(() -> http.post(RUNS, runBody("\"display_name\": \"a\", \"pipeline_spec\": {\"x\": [\"\\u0000\"]}")
                .replace("\"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}, ", "")), "pipeline_spec");
        assertRefused(() -> http.post(RUNS, runBody("\"display_name\": \"a\", \"runtime_config\": {\"parameters\": "
                + "{\"k\\u0000\": 1}}")), "runtime_config");
        assertRefused(() -> http.patch(RUNS + "/" + run + "/tasks/" + task, "{\"inputs\": {\"parameters\": {\"p\": "
                + "{\"value\": \"x\\u0000\"}}}}"), "inputs");
        assertRefused(() -> http.post(RUNS + "/" + run + "/tasks", "{\"name\": \"n\\u0000\"}"), "name");
        assertRefused(() -> http.post(RUNS + "/" + run + ":reportState", "{\"state\": \"FAILED\", \"error\": {\"code\": 2, "
                + "\"message\": \"oom\\u0000\"}}"), "error");
        assertRefused(() -> http.post(RUNS + "/" + run + ":reportMetrics", "{\"metrics\": [{\"name\": \"acc\\u0000\", "
                + "\"node_id\": \"n\", \"number_value\": 1}]}"), "metrics");
        assertRefused(() -> http.post("/apis/v2beta1/experiments", "{\"display_name\": \"e\\u0000\"}"), "display_name");
        assertProjected(run);
    }

    @Test
    void loneSurrogatesAreRefusedEscapedOrEncoded() {
        String run = createRun();
        assertRefused(() -> http.post(RUNS, runBody("\"display_name\": \"a\\ud800b\"")), "display_name");
        assertRefused(() -> http.post(RUNS, runBody("\"description\": \"\\udc00\", \"display_name\": \"a\"")),
                "description");
        assertRefused(() -> http.sendBytes("POST", RUNS, displayName(new byte[] {(byte) 0xED, (byte) 0xA0,
                (byte) 0x80})), "UTF-8");
        assertProjected(run);
    }

    @Test
    void invalidUtf8IsRefusedNotReplaced() {
        String run = createRun();
        byte[] overlongSlash = {(byte) 0xC0, (byte) 0xAF};
        assertRefused(() -> http.sendBytes("POST", RUNS, displayName(overlongSlash)), "UTF-8");
        assertRefused(() -> http.sendBytes("POST", RUNS + "/" + run + ":reportState", bytes("{\"state\": \"FAILED\", "
                + "\"error\": {\"message\": \"", new byte[] {(byte) 0xFF}, "\"}}".getBytes(StandardCharsets.UTF_8))),
                "UTF-8");
        assertProjected(run);
    }

    // ---- strict JSON

    @Test
    void lenientJsonIsRefused() {
        String run = createRun();
        String body = runBody("\"display_name\": \"a\"");
        assertRefused(() -> http.post(RUNS, body + " x"), "JSON");
        assertRefused(() -> http.post(RUNS, body + body), "JSON");
        assertRefused(() -> http.post(RUNS, runBody("\"display_name\": \"a\", \"display_name\": \"b\"")), "display_name");
        assertRefused(() -> http.post(RUNS + "/" + run + ":reportState", "{\"state\": \"RUNNING\", \"state\": \"FAILED\"}"),
                "state");
        assertRefused(() -> http.post(RUNS + "/" + run + ":reportState", "{\"state\": \"RUNNING\"} {}"), "JSON");
        assertProjected(run);
    }

    // ---- ids

    @Test
    void anIdWithCharactersOutsideTheIdAlphabetAddressesNoRun() {
        String run = createRun();
        long before = events();
        Http.Answer nul = http.post(RUNS + "/" + run + "%00:archive", null);
        assertThat(nul.status()).as("Tomcat refuses an encoded NUL in a path itself").isEqualTo(400);
        assertThat(nul.json().get("code").asInt()).as("in KFP's error shape: " + nul.body()).isEqualTo(3);
        assertThat(nul.message()).as(nul.body()).isNotEmpty();
        assertThat(events()).isEqualTo(before);
        for (String suffix : new String[] {"%20", "%09", "%C3%A9", "%2B"}) {
            for (String action : new String[] {":archive", ":terminate", ":reportState"}) {
                assertRefused(() -> http.post(RUNS + "/" + run + suffix + action, "{\"state\": \"RUNNING\"}"),
                        "run_id");
            }
            assertRefused(() -> http.delete(RUNS + "/" + run + suffix), "run_id");
            assertRefused(() -> http.get(RUNS + "/" + run + suffix), "run_id");
            assertRefused(() -> http.get(RUNS + "/" + run + suffix + "/tasks"), "run_id");
        }
        Http.Answer read = http.get(RUNS + "/" + run);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("storage_state").asText()).isEqualTo("AVAILABLE");
        assertProjected(run);
    }

    /** Tomcat refuses it before the application sees it; its answer names the reason, in KFP's error shape. */
    @Test
    void aRequestLineOverTheHeaderLimitIsRefusedNamingTheLimit() {
        long before = events();
        Http.Answer tooLong = http.get(RUNS + "?filter=" + "x".repeat(20_000));
        assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(400);
        assertThat(tooLong.json().get("code").asInt()).as("in KFP's error shape: " + tooLong.body()).isEqualTo(3);
        assertThat(tooLong.message()).as(tooLong.body()).contains("Request header is too large");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void aNulInAQueryParameterOrAQueryBodyIsRefused() {
        String run = createRun();
        assertRefused(() -> http.get(RUNS + "?filter=" + encode("{\"predicates\": [{\"key\": \"display_name\", "
                + "\"operation\": \"EQUALS\", \"string_value\": \"a\\u0000\"}]}")), "filter");
        assertRefused(() -> http.get(RUNS + "?namespace=a%00"), "namespace");
        assertRefused(() -> http.get("/apis/v2beta1/experiments?filter=" + encode("{\"predicates\": [{\"key\": "
                + "\"display_name\", \"operation\": \"EQUALS\", \"string_value\": \"\\u0000\"}]}")), "filter");
        assertRefused(() -> http.post("/apis/v2beta1/tasks:findCached", "{\"namespace\": \"\", \"cache_fingerprint\": "
                + "\"f\\u0000\"}"), "cache_fingerprint");
        Http.Answer emptyIn = http.get(RUNS + "?filter=" + encode("{\"predicates\": [{\"key\": \"run_id\", "
                + "\"operation\": \"IN\", \"string_values\": {\"values\": []}}]}"));
        assertThat(emptyIn.status()).as(emptyIn.body()).isEqualTo(200);
        assertProjected(run);
    }

    // ---- other requests taken wrongly

    @Test
    void anEmptyPipelineVersionReferenceIsRefused() {
        assertRefused(() -> http.post(RUNS, "{\"display_name\": \"a\", \"pipeline_version_reference\": {}}"),
                "pipeline_version_reference.pipeline_id");
    }

    @Test
    void aWildcardContentTypeOnAWriteIsReadAsJson() {
        for (String type : new String[] {"*/*", "application/*"}) {
            Http.Answer created = http.post(RUNS, runBody("\"display_name\": \"a\""), "Content-Type", type);
            assertThat(created.status()).as(type + ": " + created.body()).isEqualTo(200);
            assertProjected(created.json().get("run_id").asText());
        }
        Http.Answer text = http.post(RUNS, runBody("\"display_name\": \"a\""), "Content-Type", "text/plain");
        assertThat(text.status()).as(text.body()).isEqualTo(415);
        assertThat(text.json().get("code").asInt()).isEqualTo(3);
    }

    @Test
    void aWriteIsAnsweredInJsonWhateverTheAcceptHeaderAsks() {
        String run = createRun();
        long before = events();
        Http.Answer task = http.post(RUNS + "/" + run + "/tasks", "{\"name\": \"t\", \"display_name\": \"T\"}",
                "Accept", "text/html");
        assertThat(task.status()).as(task.body()).isEqualTo(200);
        assertThat(task.json().get("display_name").asText()).isEqualTo("T");
        assertThat(events()).isEqualTo(before + 1);
        Http.Answer read = http.get(RUNS + "/" + run, "Accept", "application/xml");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("run_id").asText()).isEqualTo(run);
        assertProjected(run);
    }

    @Test
    void aPatternAsContentTypeOutsideKfpsApiIsRefusedInKfpsShape() {
        for (String type : new String[] {"*/*", "application/*"}) {
            Http.Answer metrics = http.get("/actuator/metrics", "Content-Type", type);
            assertThat(metrics.status()).as(type + ": " + metrics.body()).isEqualTo(400);
            assertThat(metrics.json().get("code").asInt()).isEqualTo(3);
            assertThat(metrics.message()).contains(type);
        }
    }

    @Test
    void aClientThatSendsABodyOverTheLimitWholeSeesThe413() throws Exception {
        String run = createRun();
        byte[] large = new byte[48 * 1024 * 1024];
        java.util.Arrays.fill(large, (byte) ' ');
        for (boolean chunked : new boolean[] {false, true}) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                socket.setSoTimeout(30_000);
                java.io.OutputStream out = socket.getOutputStream();
                java.util.concurrent.CompletableFuture<Void> sent = java.util.concurrent.CompletableFuture.runAsync(
                        () -> {
                            try {
                                out.write(("POST " + RUNS + "/" + run + "/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                        + "Content-Type: application/json\r\n" + (chunked
                                        ? "Transfer-Encoding: chunked" : "Content-Length: " + large.length)
                                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                                if (chunked) {
                                    int chunk = 64 * 1024;
                                    for (int at = 0; at < large.length; at += chunk) {
                                        out.write((Integer.toHexString(chunk) + "\r\n")
                                                .getBytes(StandardCharsets.US_ASCII));
                                        out.write(large, at, chunk);
                                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                                    }
                                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                                } else {
                                    out.write(large);
                                }
                                out.flush();
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                assertThat(sent).as("the whole body is taken (no broken pipe, no stall)")
                        .succeedsWithin(Duration.ofSeconds(60));
                String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                assertThat(status).as(chunked ? "chunked" : "with Content-Length").isEqualTo("HTTP/1.1 413 ");
            }
        }
        assertProjected(run);
    }

    // ---- helpers

    String createRun() {
        Http.Answer created = http.post(RUNS, runBody("\"display_name\": \"fine\""));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().get("run_id").asText();
    }

    String createTask(String run, String body) {
        Http.Answer created = http.post(RUNS + "/" + run + "/tasks", body);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().get("task_id").asText();
    }

    static String runBody(String fields) {
        return "{\"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}, " + fields + "}";
    }

    long events() {
        return dsl.fetchCount(EVENT_LOG);
    }

    /** 400, KFP's INVALID_ARGUMENT, the message naming {@code field}, and not one event written meanwhile. */
    void assertRefused(java.util.function.Supplier<Http.Answer> request, String field) {
        long before = events();
        Http.Answer answer = request.get();
        assertThat(events()).as("events written by a refused request: " + answer.body()).isEqualTo(before);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("code").asInt()).as(answer.body()).isEqualTo(3);
        assertThat(answer.message()).as(answer.body()).contains(field);
    }

    /** Every event of the run applied, none parked: GetRun answers it. */
    void assertProjected(String run) {
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get(RUNS + "/" + run).status() == 200);
        assertThat(dsl.fetchCount(PROJECTION_DEAD_LETTER)).as("dead letters").isZero();
    }

    /** A CreateRun body whose display name is "a" followed by these bytes. */
    static byte[] displayName(byte[] bytes) {
        return bytes("{\"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}, \"display_name\": \"a", bytes,
                "\"}".getBytes(StandardCharsets.UTF_8));
    }

    static byte[] bytes(String start, byte[] middle, byte[] end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(start.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(end);
        return out.toByteArray();
    }

    static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
