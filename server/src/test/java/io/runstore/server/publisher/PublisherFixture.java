package io.runstore.server.publisher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RunStateReported;
import io.runstore.events.run.RuntimeState;
import io.runstore.server.RunstoreApplication;
import io.runstore.server.cli.RunstoreCommand;
import io.runstore.testsupport.TestDatabase;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the publisher's tests share: a server with the publisher role, events appended, the CLI, HTTP reads. */
final class PublisherFixture {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PublisherFixture() {
    }

    /** Every role (so the run history endpoint answers too), the publisher on the given topic. */
    static ConfigurableApplicationContext server(TestDatabase database, String bootstrapServers, String topic,
                                                 Map<String, String> more) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("runstore.grpc.port", "0");
        properties.put("runstore.publisher.bootstrap-servers", bootstrapServers);
        properties.put("runstore.publisher.topic", topic);
        properties.put("runstore.publisher.partitions", "3");
        properties.put("runstore.publisher.batch-size", "50");
        properties.put("runstore.publisher.poll-interval", "20ms");
        properties.putAll(more);
        // as arguments: they override the role's application-publisher.yaml, default properties would not
        List<String> args = new ArrayList<>(Arrays.stream(database.springProperties()).map(p -> "--" + p).toList());
        properties.forEach((name, value) -> args.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(RunstoreApplication.class)
                .profiles("command", "projector", "query", "publisher")
                .run(args.toArray(String[]::new));
    }

    /**
     * Appends {@code rounds} rounds of events to {@code runs} runs, each round one transaction with the next event of
     * every run (so runs interleave in the log): a run's first event is RunCreated, the others state reports. Runs of
     * even number carry a principal in their metadata.
     *
     * @param firstRound the round to start at (0: create the runs)
     */
    static void append(EventStore store, String prefix, int runs, int firstRound, int rounds) {
        for (int round = firstRound; round < firstRound + rounds; round++) {
            List<GenericDomainEventMessage<?>> events = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                String runId = prefix + "-" + run;
                Object payload = round == 0
                        ? new RunCreated(runId, "", "exp-1", "run " + run, "", new PipelineVersionReference("p", "v"),
                        null, null, "", "", null, Instant.now(), Instant.now())
                        : new RunStateReported(runId, round % 2 == 1 ? RuntimeState.RUNNING : RuntimeState.PENDING,
                        null, Instant.now());
                Map<String, Object> metadata = run % 2 == 0 ? Map.of("principal", "user-" + run) : Map.of();
                events.add(new GenericDomainEventMessage<>("Run", runId, round, payload, metadata));
            }
            store.publish(events);
        }
    }

    /** Runs the jar's command line; returns exit code and what it printed. */
    static Cli cli(TestDatabase database, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        Arrays.stream(database.springProperties()).map(p -> "--" + p).forEach(all::add);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = RunstoreCommand.commandLine(new RunstoreCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(all.toArray(String[]::new));
        return new Cli(exit, out.toString(), err.toString());
    }

    record Cli(int exitCode, String out, String err) {
    }

    static JsonNode get(ConfigurableApplicationContext server, String path) {
        try {
            return JSON.readTree(getText(server, path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String getText(ConfigurableApplicationContext server, String path) {
        String port = server.getEnvironment().getProperty("local.server.port");
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
