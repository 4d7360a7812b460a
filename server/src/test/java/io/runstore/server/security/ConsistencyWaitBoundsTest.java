package io.runstore.server.security;

import io.runstore.query.consistency.ConsistencyWait;
import io.runstore.security.Callers;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.runstore.readtables.schema.Tables.PROJECTION_DEAD_LETTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read-your-writes wait of a read carrying a consistency token, bounded, once per database: the token's run is
 * authorized before anything waits (another namespace's run answers exactly as an unknown one, at once), at most
 * {@code runstore.query.max-consistency-waiters} reads wait (here 1; the next is answered 503 with Retry-After), and
 * a run parked in the projection's dead letters answers a non-retryable error instead of "retry".
 */
abstract class ConsistencyWaitBoundsTest {

    private static final String TOKEN = "Runstore-Consistency-Token";
    private static final String LIST = "/apis/v2beta1/runs?namespace=ns-a";

    @LocalServerPort
    int port;
    @Autowired
    ConsistencyWait consistencyWait;
    @Autowired
    DSLContext dsl;

    static void bounded(DynamicPropertyRegistry registry, DatabaseKind kind) {
        TestDatabase database = TestDatabases.create(kind);
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("runstore.grpc.port", () -> "0");
        registry.add("runstore.query.consistency-wait", () -> "4s");
        registry.add("runstore.query.max-consistency-waiters", () -> "1");
        registry.add("runstore.auth.mode", () -> "multi-user");
        registry.add("runstore.auth.principals[0].name", () -> "alice");
        registry.add("runstore.auth.principals[0].namespaces[0]", () -> "ns-a");
        registry.add("runstore.auth.principals[0].token-hashes[0]", () -> Callers.sha256("alice-token"));
        registry.add("runstore.auth.principals[1].name", () -> "bob");
        registry.add("runstore.auth.principals[1].namespaces[0]", () -> "ns-b");
        registry.add("runstore.auth.principals[1].token-hashes[0]", () -> Callers.sha256("bob-token"));
    }

    @Test
    void aTokenOfAnotherNamespacesRunAnswersExactlyAsOneOfAnUnknownRun() {
        Client alice = Client.bearer(port, "alice-token");
        Client bob = Client.bearer(port, "bob-token");
        String bobsRun = createRun(bob, "ns-b");

        Client.Answer others = alice.send("GET", LIST, null, TOKEN, bobsRun + ":0");
        Client.Answer unknown = alice.send("GET", LIST, null, TOKEN, "no-such-run:0");

        assertThat(others.status()).as(others.toString()).isEqualTo(400);
        assertThat(others.code()).isEqualTo(3);
        assertThat(others.json().get("message").asText().replace(bobsRun, "<id>"))
                .isEqualTo(unknown.json().get("message").asText().replace("no-such-run", "<id>"));
        assertThat(unknown.status()).isEqualTo(400);
        Client.Answer bobs = bob.send("GET", "/apis/v2beta1/runs?namespace=ns-b", null, TOKEN, bobsRun + ":0");
        assertThat(bobs.status()).as(bobs.toString()).isEqualTo(200);
    }

    @Test
    void readsBeyondTheWaiterCapAreAnsweredAtOnceWithRetryAfter() throws Exception {
        Client alice = Client.bearer(port, "alice-token");
        String run = createRun(alice, "ns-a");
        CompletableFuture<Client.Answer> waiting = CompletableFuture.supplyAsync(() ->
                alice.send("GET", LIST, null, TOKEN, run + ":50"));
        await().atMost(Duration.ofSeconds(30)).until(() -> consistencyWait.waiting() == 1);

        Client.Answer beyond = alice.send("GET", LIST, null, TOKEN, run + ":51");
        Client.Answer visible = alice.send("GET", LIST, null, TOKEN, run + ":0");

        assertThat(beyond.status()).as(beyond.toString()).isEqualTo(503);
        assertThat(beyond.code()).isEqualTo(14);
        assertThat(beyond.retryAfter()).isEqualTo("1");
        assertThat(beyond.json().get("message").asText()).contains("waiting for the projection already");
        assertThat(visible.status()).as("a write already visible needs no place: " + visible).isEqualTo(200);
        Client.Answer waited = waiting.get();
        assertThat(waited.status()).as(waited.toString()).isEqualTo(503);
        assertThat(waited.json().get("message").asText()).contains("not visible yet");
    }

    @Test
    void aRunParkedAsADeadLetterAnswersANonRetryableError() {
        Client alice = Client.bearer(port, "alice-token");
        String run = createRun(alice, "ns-a");
        dsl.insertInto(PROJECTION_DEAD_LETTER)
                .set(PROJECTION_DEAD_LETTER.RUN_ID, run)
                .set(PROJECTION_DEAD_LETTER.SEQUENCE_NUMBER, 1L)
                .set(PROJECTION_DEAD_LETTER.GLOBAL_POSITION, Long.MAX_VALUE)
                .set(PROJECTION_DEAD_LETTER.EVENT_TYPE, "RunArchived")
                .set(PROJECTION_DEAD_LETTER.REASON, "parked by the test")
                .set(PROJECTION_DEAD_LETTER.FAILED_AT, 0L)
                .execute();

        Client.Answer parked = alice.send("GET", LIST, null, TOKEN, run + ":1");

        assertThat(parked.status()).as(parked.toString()).isEqualTo(500);
        assertThat(parked.code()).isEqualTo(13);
        assertThat(parked.retryAfter()).isNull();
        assertThat(parked.json().get("message").asText()).contains("dead letters").contains("retrying does not help");
    }

    private static String createRun(Client client, String namespace) {
        Client.Answer created = client.post("/apis/v2beta1/runs?namespace=" + namespace,
                "{\"display_name\": \"run\", \"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().get("run_id").asText();
    }
}
