package io.runstore.server.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.runstore.server.RunstoreApplication;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.jooq.DSLContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static io.runstore.readtables.schema.Tables.PROJECTION_DEAD_LETTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Malformed values sent to every endpoint of the running server (found in Spring's handler mappings, as the security
 * walk finds them): bad JSON, wrong types, huge and negative numbers, NUL, lone surrogates, invalid UTF-8, times out of
 * range, odd ids in paths, odd content types, odd filters, page tokens and headers, each spliced into an otherwise
 * valid request. Whatever comes in: no 5xx; a refusal (4xx) is KFP's error shape and writes no event; what is accepted
 * is projected without a dead letter (checked once, after the projector has caught up with the log). The actuator's
 * refusals keep Spring's shapes (only "no 5xx, nothing written" holds there). One server per database for all tries;
 * the operators' admin API (rebuild, check, drop) is left out.
 * <p>
 * Each run draws a new seed. A failure names it; replay it with {@code -Drunstore.property.seed=<seed>} (the same 200
 * tries in the same order, see {@link ReplayableSeed}), e.g.
 * {@code mvn -B -o -pl server -am test -Dtest=PostgresMalformedInputPropertyTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Drunstore.property.seed=-4711}. jqwik's own report (seed = ...) shows it too.
 */
abstract class MalformedInputPropertyTest {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MalformedInputPropertyTest.class);
    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:]+)[^}]*}");
    private static final List<String> MLMD_METHODS = List.of("GetContextByTypeAndName", "GetExecutionsByContext",
            "GetArtifactsByContext", "GetEventsByExecutionIDs", "GetArtifactTypes", "GetArtifactsByID", "PutExecution");

    ConfigurableApplicationContext server;
    RawHttp http;
    DSLContext dsl;
    List<Endpoint> endpoints;
    Fixture fixture;
    final List<String> problems = new ArrayList<>();
    final Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    int accepted;

    abstract DatabaseKind kind();

    @BeforeProperty
    void start() {
        TestDatabase database = TestDatabases.create(kind());
        List<String> args = new ArrayList<>(List.of(database.springProperties()));
        args.addAll(List.of("--server.port=0", "--runstore.grpc.port=0", "--runstore.command.max-request-size=1MB",
                "--spring.main.banner-mode=off"));
        server = new SpringApplicationBuilder(RunstoreApplication.class).run(args.toArray(String[]::new));
        http = new RawHttp(((ServletWebServerApplicationContext) server).getWebServer().getPort());
        dsl = server.getBean(DSLContext.class);
        endpoints = endpoints(server);
        fixture = newFixture();
    }

    @AfterProperty
    void noDeadLetterAndStop() {
        try {
            MeterRegistry meters = server.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> meters.get("runstore.projection.events.behind").gauge().value() == 0);
            log.info("Malformed requests on {} answered (status=count): {}", kind(), statuses);
            assertThat(problems).as("malformed requests answered wrongly").isEmpty();
            assertThat(dsl.fetch(PROJECTION_DEAD_LETTER)).as("dead letters of accepted requests").isEmpty();
            assertThat(accepted).as("some malformed requests were accepted (the rest refused)").isPositive();
        } finally {
            server.close();
        }
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE,
            afterFailure = AfterFailureMode.RANDOM_SEED)
    @AddLifecycleHook(ReplayableSeed.class)
    void noMalformedRequestIsA5xxOrWritesWhenRefused(@ForAll("recipes") Recipe recipe) {
        Endpoint endpoint = endpoints.get(Math.floorMod(recipe.endpoint(), endpoints.size()));
        Request request = request(endpoint, recipe);
        long before = dsl.fetchCount(EVENT_LOG);
        RawHttp.Answer answer;
        try {
            answer = http.send(request.method(), request.target(), request.contentType(), request.headers(),
                    request.body());
        } catch (java.io.UncheckedIOException e) {
            problems.add("no answer (" + e.getCause() + ")\n    " + request);
            return;
        }
        long after = dsl.fetchCount(EVENT_LOG);
        String problem = problem(request, answer, after - before);
        if (problem != null) {
            problems.add(problem + "\n    " + request);
        }
        statuses.merge(answer.status(), 1, Integer::sum);
        if (answer.status() < 300) {
            accepted++;
            if (request.method().equals("DELETE")) {
                fixture = newFixture();
            }
        }
    }

    private static String problem(Request request, RawHttp.Answer answer, long eventsWritten) {
        if (answer.status() >= 500) {
            return answer.status() + ": " + abbreviate(answer.body());
        }
        if (answer.status() < 400) {
            return null;
        }
        if (eventsWritten != 0) {
            return answer.status() + " and " + eventsWritten + " events written: " + abbreviate(answer.body());
        }
        String contentType = answer.headers().getOrDefault("content-type", "");
        if (contentType.startsWith("application/grpc-web") || request.target().startsWith("/actuator")) {
            return null; // ML Metadata answers in gRPC-web; the actuator in Spring's shapes
        }
        try {
            JsonNode body = JSON.readTree(answer.body());
            if (body.path("code").isInt() && body.path("message").isTextual() && body.path("error").isTextual()
                    && body.path("details").isArray()) {
                return null;
            }
        } catch (java.io.IOException e) {
            // not JSON: reported below
        }
        return answer.status() + " not in KFP's error shape (" + contentType + "): " + abbreviate(answer.body());
    }

    // ---- the endpoints and what is sent to them

    /** Every (method, pattern) of the handler mappings, the admin API's writes and Spring's /error left out. */
    static List<Endpoint> endpoints(ConfigurableApplicationContext context) {
        Set<String> seen = new TreeSet<>();
        List<Endpoint> endpoints = new ArrayList<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST)
                            : methods) {
                        boolean adminWrite = pattern.startsWith("/apis/runstore/admin") && method != RequestMethod.GET;
                        if (!adminWrite && !pattern.startsWith("/error") && seen.add(method + " " + pattern)) {
                            endpoints.add(new Endpoint(method.name(), pattern));
                        }
                    }
                }
            }
        }
        // the handler mappings come in hash order, which differs from one JVM to the next: sorted, a seed picks the
        // same endpoints in every run
        endpoints.sort(java.util.Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
        assertThat(seen).as("the walk covers the command API, the query API, ML Metadata and the actuator")
                .contains("POST /apis/v2beta1/runs", "GET /apis/v2beta1/runs", "PATCH /apis/v2beta1/runs/{run_id}/tasks/{task_id}",
                        "POST /apis/v2beta1/experiments", "POST /ml_metadata.MetadataStoreService/{method}",
                        "GET /actuator/health");
        return endpoints;
    }

    Request request(Endpoint endpoint, Recipe recipe) {
        StringBuilder target = new StringBuilder();
        Matcher variable = VARIABLE.matcher(endpoint.pattern().replace("/**", "/{rest}"));
        while (variable.find()) {
            variable.appendReplacement(target, Matcher.quoteReplacement(pathValue(variable.group(1), recipe)));
        }
        variable.appendTail(target);
        if (!recipe.query().isEmpty()) {
            target.append('?').append(String.join("&", recipe.query()));
        }
        boolean mlmd = endpoint.pattern().startsWith("/ml_metadata");
        String natural = mlmd ? "application/grpc-web+proto" : "application/json";
        String contentType = recipe.contentType().equals("natural") ? natural
                : recipe.contentType().equals("none") ? null : recipe.contentType();
        byte[] body = body(endpoint, recipe, mlmd);
        return new Request(endpoint.method(), target.toString(), contentType, recipe.headers(), body);
    }

    private String pathValue(String name, Recipe recipe) {
        if (name.equals("method")) {
            return MLMD_METHODS.get(Math.floorMod(recipe.position(), MLMD_METHODS.size()));
        }
        return switch (recipe.ids()) {
            case EXISTING -> switch (name) {
                case "run_id", "runId" -> fixture.run();
                case "task_id", "taskId" -> fixture.task();
                case "experiment_id", "experimentId" -> fixture.experiment();
                default -> "x";
            };
            case UNKNOWN -> UUID.randomUUID().toString();
            case ODD -> recipe.oddId();
        };
    }

    private byte[] body(Endpoint endpoint, Recipe recipe, boolean mlmd) {
        if (mlmd && recipe.body() == BodyKind.VALID) {
            byte[] message = ml_metadata.MetadataStoreServiceOuterClass.GetContextByTypeAndNameRequest.newBuilder()
                    .setTypeName("system.PipelineRun").setContextName(fixture.run()).build().toByteArray();
            return ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message).array();
        }
        JsonNode template = template(endpoint);
        if (template == null && (endpoint.method().equals("GET") || endpoint.method().equals("DELETE"))
                && recipe.body() != BodyKind.WHOLE) {
            return null;
        }
        if (template == null) {
            template = JSON.createObjectNode();
        }
        return switch (recipe.body()) {
            case VALID -> bytes(template.toString());
            case NONE -> null;
            case WHOLE -> bytes(recipe.value());
            case GARBAGE -> recipe.garbage();
            case REPLACE, ADD, REMOVE -> bytes(Splice.splice(template, recipe.body(), recipe.position(),
                    recipe.value()));
            case INVALID_UTF8 -> Splice.withBytes(template, recipe.position(), recipe.garbage());
        };
    }

    /** A valid body for the endpoint, null when it takes none. */
    private JsonNode template(Endpoint endpoint) {
        String key = endpoint.method() + " " + endpoint.pattern();
        String body = switch (key) {
            case "POST /apis/v2beta1/runs" -> """
                    {"display_name": "fuzzed", "description": "d", "pipeline_version_reference": {"pipeline_id": "p-1",
                     "pipeline_version_id": "v-1"}, "runtime_config": {"parameters": {"epochs": 3, "lr": 0.1},
                     "pipeline_root": "s3://b"}, "service_account": "sa", "experiment_id": "%s"}"""
                    .formatted(fixture.experiment());
            case "POST /apis/v2beta1/runs/{run_id}/tasks" -> """
                    {"name": "t-%s", "display_name": "T", "state": "RUNNING", "type": "RUNTIME",
                     "create_time": "2026-01-01T00:00:00Z", "parent_task_id": "%s", "cache_fingerprint": "f",
                     "pods": [{"name": "p", "type": "EXECUTOR"}],
                     "inputs": {"parameters": [{"parameter_key": "k", "value": 1}]}}"""
                    .formatted(UUID.randomUUID(), fixture.task());
            case "PATCH /apis/v2beta1/runs/{run_id}/tasks/{task_id}" -> """
                    {"state": "SUCCEEDED", "end_time": "2026-01-01T00:01:00Z",
                     "outputs": {"parameters": [{"parameter_key": "k", "value": "v"}]}}""";
            case "POST /apis/v2beta1/runs/{run_id}/tasks:batchUpdate" -> """
                    {"tasks": {"%s": {"state": "RUNNING", "display_name": "T2"}}}""".formatted(fixture.task());
            case "POST /apis/v2beta1/runs/{run_id}:reportState" -> """
                    {"state": "RUNNING", "update_time": "2026-01-01T00:00:00Z", "error": {"code": 2, "message": "m"}}""";
            case "POST /apis/v2beta1/runs/{run_id}:reportMetrics", "POST /apis/v1beta1/runs/{run_id}:reportMetrics" -> """
                    {"metrics": [{"name": "accuracy", "node_id": "n-1", "number_value": 0.5, "format": "RAW"}]}""";
            case "POST /apis/v2beta1/experiments" -> """
                    {"display_name": "e-%s", "description": "d"}""".formatted(UUID.randomUUID());
            case "POST /apis/v2beta1/tasks:findCached" -> """
                    {"namespace": "", "cache_fingerprint": "f", "pipeline_version_id": "v"}""";
            case "POST /apis/v1beta1/workflows", "POST /apis/v2beta1/workflows" ->
                    WorkflowReportGrpcTest.workflow("three-steps.json", fixture.run()).toString();
            case "POST /apis/v1beta1/scheduledworkflows", "POST /apis/v2beta1/scheduledworkflows" -> """
                    {"metadata": {"uid": "u-1", "name": "n", "namespace": "ns"}, "spec": {"enabled": true}}""";
            default -> null;
        };
        try {
            return body == null ? null : JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(key, e);
        }
    }

    private Fixture newFixture() {
        String experiment = created("/apis/v2beta1/experiments", "{\"display_name\": \"fx-" + UUID.randomUUID()
                + "\"}", "experiment_id");
        String run = created("/apis/v2beta1/runs", "{\"display_name\": \"fx\", \"pipeline_version_reference\": "
                + "{\"pipeline_id\": \"p-1\"}, \"experiment_id\": \"" + experiment + "\"}", "run_id");
        String task = created("/apis/v2beta1/runs/" + run + "/tasks", "{\"name\": \"root\", \"type\": \"ROOT\"}",
                "task_id");
        return new Fixture(run, task, experiment);
    }

    private String created(String path, String body, String idField) {
        RawHttp.Answer answer = http.send("POST", path, "application/json", Map.of(), bytes(body));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        try {
            return JSON.readTree(answer.body()).get(idField).asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(answer.body(), e);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    // ---- generators

    @Provide
    Arbitrary<Recipe> recipes() {
        Arbitrary<List<String>> query = MalformedValues.queryParameters().list().ofMaxSize(3);
        Arbitrary<Map<String, String>> headers = MalformedValues.headers();
        return Combinators.combine(Arbitraries.integers().between(0, 9_999), Arbitraries.of(IdKind.class),
                        MalformedValues.oddIds(), Arbitraries.of(BodyKind.class),
                        Arbitraries.integers().between(0, 999), MalformedValues.values(),
                        MalformedValues.garbage(), MalformedValues.contentTypes())
                .as(Recipe.Parts::new)
                .flatMap(parts -> Combinators.combine(query, headers).as((q, h) -> parts.recipe(q, h)));
    }

    enum IdKind { EXISTING, UNKNOWN, ODD }

    enum BodyKind { VALID, REPLACE, ADD, REMOVE, WHOLE, GARBAGE, INVALID_UTF8, NONE }

    record Recipe(int endpoint, IdKind ids, String oddId, BodyKind body, int position, String value, byte[] garbage,
                  String contentType, List<String> query, Map<String, String> headers) {

        record Parts(int endpoint, IdKind ids, String oddId, BodyKind body, int position, String value,
                     byte[] garbage, String contentType) {

            Recipe recipe(List<String> query, Map<String, String> headers) {
                return new Recipe(endpoint, ids, oddId, body, position, value, garbage, contentType, query, headers);
            }
        }
    }

    record Endpoint(String method, String pattern) {
    }

    record Fixture(String run, String task, String experiment) {
    }

    record Request(String method, String target, String contentType, Map<String, String> headers, byte[] body) {

        @Override
        public String toString() {
            String text = body == null ? "(no body)" : new String(body, StandardCharsets.UTF_8);
            return method + " " + target + " [" + contentType + "] " + headers + " " + abbreviate(text);
        }
    }

    /** Puts a malformed value into a valid JSON body: in place of one of its values, beside them, or one removed. */
    static final class Splice {

        private static final String MARK = "\u0001runstore-splice\u0001";

        private Splice() {
        }

        static String splice(JsonNode template, BodyKind kind, int position, String value) {
            JsonNode copy = template.deepCopy();
            List<Runnable> edits = new ArrayList<>();
            collect(copy, kind, edits);
            if (edits.isEmpty()) {
                return copy.toString();
            }
            edits.get(Math.floorMod(position, edits.size())).run();
            return copy.toString().replace(JSON.valueToTree(MARK).toString(), value);
        }

        static byte[] withBytes(JsonNode template, int position, byte[] bytes) {
            String text = splice(template, BodyKind.REPLACE, position, "\"" + MARK + "\"");
            int at = text.indexOf(MARK);
            if (at < 0) {
                return bytes(text);
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.writeBytes(bytes(text.substring(0, at)));
            out.writeBytes(bytes.length == 0 ? new byte[] {(byte) 0xC0, (byte) 0xAF} : bytes);
            out.writeBytes(bytes(text.substring(at + MARK.length())));
            return out.toByteArray();
        }

        private static void collect(JsonNode node, BodyKind kind, List<Runnable> edits) {
            if (node instanceof ObjectNode object) {
                if (kind == BodyKind.ADD) {
                    edits.add(() -> object.set("unexpected_field", TextNode.valueOf(MARK)));
                }
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    edits.add(kind == BodyKind.REMOVE ? () -> object.remove(name)
                            : () -> object.set(name, TextNode.valueOf(MARK)));
                    collect(object.get(name), kind, edits);
                }
            } else if (node instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    int index = i;
                    edits.add(kind == BodyKind.REMOVE ? () -> array.remove(index)
                            : () -> array.set(index, TextNode.valueOf(MARK)));
                    collect(array.get(i), kind, edits);
                }
            }
        }
    }

    /** Query parameters as they go on the wire: a name and a value, encoded or, now and then, raw. */
    static String parameter(String name, String value, boolean raw) {
        return name + "=" + (raw ? value : URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    static Map<String, String> headerMap(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (name != null) {
            headers.put(name, value);
        }
        return headers;
    }
}
