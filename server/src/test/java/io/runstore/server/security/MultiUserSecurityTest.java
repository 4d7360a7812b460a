package io.runstore.server.security;

import api.HealthzServiceGrpc;
import api.ReportServiceGrpc;
import api.RunOuterClass;
import api.RunServiceGrpc;
import com.google.protobuf.Empty;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.runstore.command.grpc.GrpcServer;
import io.runstore.security.Callers;
import io.runstore.security.Role;
import io.runstore.security.web.Access;
import io.runstore.security.web.EndpointRules;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multi-user mode on the whole server, once per database. Every endpoint the running application maps (read from
 * Spring's handler mappings, so an endpoint added later is walked too) answers an anonymous caller 401, a caller of
 * another namespace 403, its own namespace's user and only the roles its rule names; the same through the auth
 * proxy's header. A refused write leaves no event and does not consume its Idempotency-Key; keys are the caller's
 * own; every event says who caused it.
 */
abstract class MultiUserSecurityTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    DSLContext dsl;
    @Autowired
    GrpcServer grpcServer;

    /** alice and carol use ns-a, bob ns-b; exec executes in ns-a, agent everywhere; admin administers. */
    static void multiUser(DynamicPropertyRegistry registry, DatabaseKind kind) {
        TestDatabase database = TestDatabases.create(kind);
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("runstore.grpc.port", () -> "0");
        registry.add("runstore.auth.mode", () -> "multi-user");
        registry.add("runstore.auth.user-header", () -> "kubeflow-userid");
        registry.add("runstore.auth.user-prefix", () -> "accounts.google.com:");
        principal(registry, 0, "alice", "alice-token", "namespaces[0]", "ns-a");
        principal(registry, 1, "bob", "bob-token", "namespaces[0]", "ns-b");
        principal(registry, 2, "carol", "carol-token", "namespaces[0]", "ns-a");
        principal(registry, 3, "exec", "exec-token", "grants[0].namespace", "ns-a", "grants[0].roles[0]", "execute");
        principal(registry, 4, "agent", "agent-token", "grants[0].namespace", "*", "grants[0].roles[0]", "execute");
        principal(registry, 5, "admin", "admin-token", "grants[0].namespace", "*", "grants[0].roles[0]", "admin");
    }

    /** A principal whose token is configured as its hash, as the README says to. */
    private static void principal(DynamicPropertyRegistry registry, int index, String name, String token,
                                  String... properties) {
        String prefix = "runstore.auth.principals[" + index + "].";
        registry.add(prefix + "name", () -> name);
        registry.add(prefix + "token-hashes[0]", () -> Callers.sha256(token));
        for (int i = 0; i < properties.length; i += 2) {
            String value = properties[i + 1];
            registry.add(prefix + properties[i], () -> value);
        }
    }

    Client anonymous;
    Client alice;
    Client bob;
    Client carol;
    Client exec;
    Client agent;
    Client admin;

    @BeforeEach
    void clients() {
        anonymous = Client.anonymous(port);
        alice = Client.bearer(port, "alice-token");
        bob = Client.bearer(port, "bob-token");
        carol = Client.bearer(port, "carol-token");
        exec = Client.bearer(port, "exec-token");
        agent = Client.bearer(port, "agent-token");
        admin = Client.bearer(port, "admin-token");
    }

    @Test
    void everyMappedEndpointIsAuthenticatedAndAuthorizedPerItsRule() {
        walk(alice, bob);
    }

    @Test
    void theSameThroughTheAuthProxysHeader() {
        walk(Client.proxied(port, "alice"), Client.proxied(port, "bob"));
        Client stranger = Client.proxied(port, "mallory");
        Client.Answer refused = stranger.get("/apis/v2beta1/runs?namespace=ns-a");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo(7);
    }

    @Test
    void anUnknownTokenIs401AndTheProbesArePublic() {
        Client.Answer unknown = Client.bearer(port, "stolen").get("/apis/v2beta1/healthz");
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(401);
        assertThat(unknown.code()).isEqualTo(16);
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness", "/actuator/health",
                "/actuator/health/command", "/actuator/health/projector", "/actuator/health/query")) {
            Client.Answer answer = anonymous.get(probe);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.json().has("components")).as("no details for anonymous: " + answer).isFalse();
        }
        Client.Answer details = admin.get("/actuator/health");
        assertThat(details.json().has("components")).as(details.toString()).isTrue();
        assertThat(alice.get("/actuator/health").json().has("components")).isFalse();
        assertThat(anonymous.get("/actuator/metrics").status()).isEqualTo(401);
        assertThat(alice.get("/actuator/metrics").status()).isEqualTo(403);
        assertThat(admin.get("/actuator/metrics").status()).isEqualTo(200);
    }

    /**
     * A request is observed once (http.server.requests), not once per security filter as well: Spring Security's
     * per-filter observations cost about a tenth of a ListRuns request's CPU (docs/benchmarks/http-path.md).
     */
    @Test
    void aRequestIsObservedOnceNotPerSecurityFilter() {
        Client.Answer listed = alice.get("/apis/v2beta1/runs?namespace=ns-a");
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        Client.Answer refused = bob.get("/apis/v2beta1/runs?namespace=ns-a");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        List<String> meters = new ArrayList<>();
        admin.get("/actuator/metrics").json().path("names").forEach(name -> meters.add(name.asText()));
        assertThat(meters).contains("http.server.requests");
        assertThat(meters).noneMatch(name -> name.startsWith("spring.security."));
    }

    @Test
    void aRefusedWriteWritesNothingAndLeavesItsIdempotencyKey() {
        String bobsRun = createRun(bob, "ns-b", null).json().get("run_id").asText();
        long events = eventCount();

        Client.Answer intoOtherNamespace = createRun(alice, "ns-b", "key-1");
        Client.Answer archiveOther = alice.post("/apis/v2beta1/runs/" + bobsRun + ":archive", null,
                "Idempotency-Key", "key-2");
        Client.Answer executorArchives = exec.post("/apis/v2beta1/runs/" + bobsRun + ":archive", null);
        Client.Answer experimentElsewhere = alice.post("/apis/v2beta1/experiments?namespace=ns-b",
                "{\"display_name\": \"not hers\"}", "Idempotency-Key", "key-3");

        for (Client.Answer refused : List.of(intoOtherNamespace, archiveOther, executorArchives, experimentElsewhere)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo(7);
        }
        assertThat(eventCount()).as("events after the refused writes").isEqualTo(events);
        Client.Answer sameKeyAllowed = createRun(alice, "ns-a", "key-1");
        assertThat(sameKeyAllowed.status()).as(sameKeyAllowed.toString()).isEqualTo(200);
    }

    @Test
    void idempotencyKeysAreTheCallersOwn() {
        Client.Answer alices = createRun(alice, "ns-a", "shared-key-1");
        Client.Answer carolsSameRequest = createRun(carol, "ns-a", "shared-key-1");
        Client.Answer alicesRetry = createRun(alice, "ns-a", "shared-key-1");
        String alicesOther = createRun(alice, "ns-a", "shared-key-2").json().get("run_id").asText();
        Client.Answer carolsOtherRequest = carol.post("/apis/v2beta1/runs/" + alicesOther + ":archive", null,
                "Idempotency-Key", "shared-key-2");

        assertThat(carolsSameRequest.status()).isEqualTo(200);
        assertThat(carolsSameRequest.json().get("run_id").asText()).as("carol's own run, not alice's answer")
                .isNotEqualTo(alices.json().get("run_id").asText());
        assertThat(alicesRetry.json().get("run_id").asText()).isEqualTo(alices.json().get("run_id").asText());
        assertThat(carolsOtherRequest.status()).as("no 422: alice's key is not carol's: " + carolsOtherRequest)
                .isEqualTo(200);
    }

    @Test
    void everyEventSaysWhoCausedItAndInWhichNamespace() {
        String run = createRun(alice, "ns-a", null).json().get("run_id").asText();
        Client.Answer reported = exec.post("/apis/v2beta1/runs/" + run + ":reportState", "{\"state\": \"RUNNING\"}");
        assertThat(reported.status()).as(reported.toString()).isEqualTo(200);
        assertThat(carol.post("/apis/v2beta1/runs/" + run + ":archive", null).status()).isEqualTo(200);

        Client.Answer history = alice.get("/apis/v2beta1/runs/" + run + "/events");
        List<String> who = new ArrayList<>();
        history.json().get("events").forEach(event -> who.add(event.get("type").asText() + " by "
                + event.path("principal").asText() + " in " + event.path("namespace").asText()));
        assertThat(who).containsExactly("RunCreated by alice in ns-a", "RunStateReported by exec in ns-a",
                "RunArchived by carol in ns-a");
    }

    @Test
    void grpcCallsAreAuthenticatedAndAuthorizedTheSameWay() throws InterruptedException {
        String alicesRun = createRun(alice, "ns-a", null).json().get("run_id").asText();
        String bobsRun = createRun(bob, "ns-b", null).json().get("run_id").asText();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.port()).usePlaintext()
                .build();
        try {
            long events = eventCount();
            assertThat(grpcStatus(channel, null, alicesRun)).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(grpcStatus(channel, bearer("stolen"), alicesRun)).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(grpcStatus(channel, bearer("bob-token"), alicesRun)).as("no EXECUTE role")
                    .isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(grpcStatus(channel, bearer("exec-token"), bobsRun)).as("EXECUTE in ns-a only")
                    .isEqualTo(Status.Code.PERMISSION_DENIED);
            Metadata exec = new Metadata();
            exec.put(Metadata.Key.of("kubeflow-userid", Metadata.ASCII_STRING_MARSHALLER), "accounts.google.com:exec");
            assertThat(catchStatus(() -> ReportServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(exec))
                    .reportWorkflowV1(api.Report.ReportWorkflowRequest.newBuilder().setWorkflow("{}").build())))
                    .as("workflow reports need EXECUTE everywhere").isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(eventCount()).as("events after the refused calls").isEqualTo(events);

            assertThat(grpcStatus(channel, exec, alicesRun)).isEqualTo(Status.Code.OK);
            assertThat(catchStatus(() -> HealthzServiceGrpc.newBlockingStub(channel)
                    .getHealthz(Empty.getDefaultInstance()))).as("healthz is public").isEqualTo(Status.Code.OK);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Metadata bearer(String token) {
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return metadata;
    }

    /** ReportRunMetricsV1 of one metric on the run, as the given metadata's caller. */
    private static Status.Code grpcStatus(ManagedChannel channel, Metadata metadata, String runId) {
        RunServiceGrpc.RunServiceBlockingStub stub = RunServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS);
        RunServiceGrpc.RunServiceBlockingStub as = metadata == null ? stub
                : stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
        return catchStatus(() -> as.reportRunMetricsV1(RunOuterClass.ReportRunMetricsRequest.newBuilder()
                .setRunId(runId).addMetrics(RunOuterClass.RunMetric.newBuilder().setName("accuracy")
                        .setNodeId("node-" + System.nanoTime()).setNumberValue(0.9)).build()));
    }

    private static Status.Code catchStatus(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    // ---- the walk

    private void walk(Client own, Client other) {
        String experiment = own.post("/apis/v2beta1/experiments?namespace=ns-a", "{\"display_name\": \"walk "
                + System.nanoTime() + "\"}").json().get("experiment_id").asText();
        String run = createRun(own, "ns-a", null).json().get("run_id").asText();
        Map<String, String> ids = Map.of("run_id", run, "runId", run, "experiment_id", experiment, "experimentId",
                experiment);
        EndpointRules rules = EndpointRules.runstore(false);
        List<String> walked = new ArrayList<>();
        for (Endpoint endpoint : endpoints(ids)) {
            Access access = rules.match(endpoint.method(), endpoint.path().replaceAll("\\?.*", ""))
                    .orElseThrow(() -> new AssertionError(endpoint + " has no rule in EndpointRules"))
                    .access();
            walked.add(endpoint.toString());
            if (access.scope() == Access.Scope.PUBLIC) {
                assertThat(send(anonymous, endpoint).status()).as(endpoint.toString()).isNotIn(401, 403);
                continue;
            }
            Client.Answer anonymously = send(anonymous, endpoint);
            assertThat(anonymously.status()).as(anonymously.toString()).isEqualTo(401);
            assertThat(anonymously.code()).as(anonymously.toString()).isEqualTo(16);
            switch (access.scope()) {
                case AUTHENTICATED -> allowed(own, endpoint);
                case EVERY_NAMESPACE -> {
                    refused(own, endpoint);
                    refused(exec, endpoint);
                    allowed(access.roles().contains(Role.ADMIN) ? admin : agent, endpoint);
                }
                default -> {
                    refused(other, endpoint);
                    boolean user = access.roles().contains(Role.READ) || access.roles().contains(Role.WRITE);
                    if (user) {
                        allowed(own, endpoint);
                    } else {
                        refused(own, endpoint);
                    }
                    if (access.roles().contains(Role.EXECUTE)) {
                        allowed(exec, endpoint);
                    } else {
                        refused(exec, endpoint);
                    }
                }
            }
        }
        assertThat(walked).as("the walk covers the command API, the query API, the passthrough and the actuator")
                .contains("POST /apis/v2beta1/runs?namespace=ns-a", "GET /apis/v2beta1/runs?namespace=ns-a",
                        "POST /apis/v1beta1/workflows", "GET /apis/v1beta1/jobs", "GET /actuator/metrics",
                        "GET /apis/v2beta1/openapi.json", "DELETE /apis/v2beta1/experiments/" + experiment);
    }

    private static void allowed(Client client, Endpoint endpoint) {
        Client.Answer answer = send(client, endpoint);
        assertThat(answer.status()).as(answer.toString()).isNotIn(401, 403);
    }

    private static void refused(Client client, Endpoint endpoint) {
        Client.Answer answer = send(client, endpoint);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.code()).as(answer.toString()).isEqualTo(7);
    }

    private static Client.Answer send(Client client, Endpoint endpoint) {
        return client.send(endpoint.method(), endpoint.path(), endpoint.body());
    }

    /**
     * Every (method, path) of every handler mapping of the running application, its variables filled with ids of
     * ns-a (unknown ones for the rest), with what the request needs to name its namespace where the handler reads it
     * from the request.
     */
    private List<Endpoint> endpoints(Map<String, String> ids) {
        Set<String> seen = new TreeSet<>();
        List<Endpoint> endpoints = new ArrayList<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    String path = fill(pattern, ids);
                    for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                        Endpoint endpoint = withNamespace(method.name(), path);
                        if (seen.add(endpoint.toString())) {
                            endpoints.add(endpoint);
                        }
                    }
                }
            }
        }
        return endpoints;
    }

    private static String fill(String pattern, Map<String, String> ids) {
        Function<String, String> value = name -> ids.getOrDefault(name, "unknown-" + name);
        StringBuilder path = new StringBuilder();
        java.util.regex.Matcher variable = java.util.regex.Pattern.compile("\\{([^}:]+)[^}]*}").matcher(
                pattern.replace("/**", "/x"));
        while (variable.find()) {
            variable.appendReplacement(path, value.apply(variable.group(1)));
        }
        variable.appendTail(path);
        return path.toString();
    }

    private static Endpoint withNamespace(String method, String path) {
        return switch (method + " " + path) {
            case "GET /apis/v2beta1/runs", "GET /apis/v2beta1/experiments" ->
                    new Endpoint(method, path + "?namespace=ns-a", null);
            case "POST /apis/v2beta1/runs" -> new Endpoint(method, path + "?namespace=ns-a",
                    "{\"display_name\": \"walked\", \"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}}");
            case "POST /apis/v2beta1/experiments" -> new Endpoint(method, path + "?namespace=ns-a",
                    "{\"display_name\": \"walked " + System.nanoTime() + "\"}");
            case "POST /apis/v2beta1/tasks:findCached" -> new Endpoint(method, path,
                    "{\"namespace\": \"ns-a\", \"cache_fingerprint\": \"f\"}");
            default -> new Endpoint(method, path, method.equals("GET") || method.equals("DELETE") ? null : "{}");
        };
    }

    private record Endpoint(String method, String path, String body) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    // ---- helpers

    private static Client.Answer createRun(Client client, String namespace, String idempotencyKey) {
        String body = "{\"display_name\": \"run\", \"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}}";
        return idempotencyKey == null ? client.post("/apis/v2beta1/runs?namespace=" + namespace, body)
                : client.post("/apis/v2beta1/runs?namespace=" + namespace, body, "Idempotency-Key", idempotencyKey);
    }

    private long eventCount() {
        return dsl.fetchCount(DSL.table("event_log"));
    }
}
