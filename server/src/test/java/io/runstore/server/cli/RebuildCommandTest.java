package io.runstore.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rebuild} against a running server while writers create runs and report tasks through the command API and
 * readers list and get runs: no read fails, none sees fewer runs than were acknowledged before it was sent (no run
 * disappears, not even during the switch), and afterwards {@code check} finds the live tables equal to a build from
 * scratch. Run once per database.
 */
abstract class RebuildCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    abstract DatabaseKind databaseKind();

    @Test
    void aRebuildUnderWritesAndReadsSwitchesWithoutAReadFailingAndEndsEqualToABuildFromScratch() throws Exception {
        TestDatabase database = TestDatabases.create(databaseKind());
        List<String> serverArgs = new ArrayList<>(arguments(database));
        serverArgs.add("--server.port=0");
        RunstoreCommand root = new RunstoreCommand();
        assertThat(RunstoreCommand.commandLine(root).execute(serverArgs.toArray(String[]::new))).isZero();
        try (ConfigurableApplicationContext server = root.server()) {
            String base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
            List<String> acknowledged = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 150; i++) {
                acknowledged.add(createRun(base, "before " + i));
            }
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<CompletableFuture<?>> load = new ArrayList<>();
            for (int writer = 0; writer < 2; writer++) {
                int number = writer;
                load.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; running.get(); i++) {
                        String runId = createRun(base, "during " + number + "-" + i);
                        send(base, "POST", "/apis/v2beta1/runs/" + runId + "/tasks",
                                "{\"name\": \"train\", \"display_name\": \"Train\", \"type\": \"RUNTIME\", "
                                        + "\"state\": \"RUNNING\"}");
                        acknowledged.add(runId);
                    }
                }));
            }
            for (int reader = 0; reader < 2; reader++) {
                load.add(CompletableFuture.runAsync(() -> {
                    Random random = new Random();
                    while (running.get()) {
                        int known = acknowledged.size();
                        HttpResponse<String> list = send(base, "GET", "/apis/v2beta1/runs?page_size=5", null);
                        long total = list.statusCode() == 200 ? json(list.body()).path("total_size").asLong() : -1;
                        if (total < known) {
                            failures.add("ListRuns " + list.statusCode() + " total " + total + " < " + known);
                        }
                        String runId = acknowledged.get(random.nextInt(known));
                        HttpResponse<String> get = send(base, "GET", "/apis/v2beta1/runs/" + runId, null);
                        if (get.statusCode() != 200) {
                            failures.add("GetRun " + runId + " " + get.statusCode() + " " + get.body());
                        }
                    }
                }));
            }

            String rebuilt = execute(database, "rebuild", "--lanes=2", "--chunk=200", "--switch-within=20",
                    "--progress=lines");
            running.set(false);
            CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);

            assertThat(rebuilt).contains("switched: the rebuilt tables are live");
            assertThat(failures).isEmpty();
            assertThat(acknowledged.size()).isGreaterThan(150);
            assertThat(execute(database, "status")).contains("rebuild: none under way")
                    .contains("replaced tables kept: yes");
            assertThat(execute(database, "check", "--progress=lines")).contains("0 differences");
            assertThat(execute(database, "drop")).contains("dropped the replaced tables");
            assertThat(execute(database, "status")).contains("replaced tables kept: no");
        }
    }

    private static String createRun(String base, String name) {
        HttpResponse<String> created = send(base, "POST", "/apis/v2beta1/runs",
                "{\"display_name\": \"" + name + "\", \"pipeline_version_reference\": {\"pipeline_id\": \"p-1\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return json(created.body()).get("run_id").asText();
    }

    private static HttpResponse<String> send(String base, String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    private static String execute(TestDatabase database, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(arguments(database));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = RunstoreCommand.commandLine(new RunstoreCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args.toArray(String[]::new));
        assertThat(exitCode).as(out + "\n" + err).isZero();
        return out.toString();
    }

    private static List<String> arguments(TestDatabase database) {
        return java.util.Arrays.stream(database.springProperties()).map(property -> "--" + property).toList();
    }
}
