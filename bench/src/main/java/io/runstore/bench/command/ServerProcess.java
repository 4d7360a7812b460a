package io.runstore.bench.command;

import io.runstore.testsupport.TestDatabase;

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

/**
 * The real server jar, started as a separate process on a database: all roles (the projection runs too) unless the
 * extra arguments say otherwise.
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * The jar the build makes: {@code -Dbench.jar=...}, else server/target/runstore-server.jar seen from the
     * repository root or from a module directory (where tests run).
     */
    public static Path defaultJar() {
        String configured = System.getProperty("bench.jar");
        if (configured != null) {
            return Path.of(configured);
        }
        Path fromRoot = Path.of("server", "target", "runstore-server.jar");
        Path fromModule = Path.of("..").resolve(fromRoot);
        return Files.exists(fromRoot) || !Files.exists(fromModule) ? fromRoot : fromModule;
    }

    static ServerProcess start(Path jar, TestDatabase database) throws IOException, InterruptedException {
        return start(jar, database, List.of());
    }

    /** Started and healthy; {@code arguments} are added to the command line (e.g. --spring.profiles.active=query). */
    public static ServerProcess start(Path jar, TestDatabase database, List<String> arguments)
            throws IOException, InterruptedException {
        return start(jar, database, List.of(), arguments);
    }

    /** As {@link #start(Path, TestDatabase, List)}, with JVM options after the default ones (a later -Xmx wins). */
    public static ServerProcess start(Path jar, TestDatabase database, List<String> jvm, List<String> arguments)
            throws IOException, InterruptedException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " not found: build it first (mvn -B -o -pl server -am package "
                    + "-DskipTests)");
        }
        int port = freePort();
        Path log = Files.createTempFile("runstore-bench-server-", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g"));
        // e.g. -Dbench.server.jvm=-XX:StartFlightRecording=filename=server.jfr (JVM options, space-separated)
        String jvmOptions = System.getProperty("bench.server.jvm", "").trim();
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+")));
        }
        command.addAll(jvm);
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port,
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + (database.password() == null ? "" : database.password()),
                "--logging.level.root=WARN"));
        if (arguments.stream().noneMatch(argument -> argument.startsWith("--runstore.grpc.port="))) {
            command.add("--runstore.grpc.port=0"); // not KFP's 8887: another process may hold it
        }
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(process, port, log);
        server.awaitReady();
        return server;
    }

    public int port() {
        return port;
    }

    /** The server's process id (for jcmd). */
    public long pid() {
        return process.pid();
    }

    /** Whether the server is still running (it exits on an OutOfMemoryError with -XX:+ExitOnOutOfMemoryError). */
    public boolean alive() {
        return process.isAlive();
    }

    /** Whether the server has exited or does within {@code wait} (one that is dying of an OutOfMemoryError). */
    public boolean exited(Duration wait) throws InterruptedException {
        return process.waitFor(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void awaitReady() throws InterruptedException, IOException {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited; its log: " + log);
            }
            try {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the server did not become healthy within 3 minutes; its log: " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
