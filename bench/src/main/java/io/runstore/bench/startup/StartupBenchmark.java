package io.runstore.bench.startup;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Time to ready of the server jar: from the process's start to the first 200 of {@code /actuator/health/readiness}
 * (the application context refreshed, every role started, the schemas checked), on the embedded PostgreSQL (the
 * default with no database configured) and on a database server. Each jar starts once untimed on its own data (the
 * first start migrates the schemas, the embedded one runs initdb), then {@code --starts} times, the jars alternating so
 * that a change in the machine's load touches both alike. Reports p50, p90 and the slowest start per jar and database,
 * and each jar's p50 over the first jar's (the baseline: e.g. main's jar against a branch's).
 *
 * <pre>
 * java -cp "bench/target/runstore-bench.jar:$(cat bench/target/classpath.txt)" io.runstore.bench.startup.StartupBenchmark \
 *   --jars=/tmp/before.jar,server/target/runstore-server.jar --starts=5 --databases=embedded,postgresql,mysql
 * </pre>
 * A jar may carry JVM options of its own after a {@code #} (space-separated), e.g. an extracted jar with its class-data
 * archive: {@code --jars=server/target/runstore-server.jar,/tmp/x/runstore-server.jar#-XX:SharedArchiveFile=/tmp/x/app.jsa}.
 * JVM options for every start: {@code -Dbench.server.jvm="-Xlog:class+load:file=/tmp/cl.txt"}.
 */
public final class StartupBenchmark {

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> jars = List.of("server/target/runstore-server.jar");
        int starts = 5;
        List<String> databases = List.of("embedded", "postgresql", "mysql");
        for (String arg : args) {
            if (arg.startsWith("--jars=")) {
                jars = List.of(arg.substring("--jars=".length()).split(","));
            } else if (arg.startsWith("--starts=")) {
                starts = Integer.parseInt(arg.substring("--starts=".length()));
            } else if (arg.startsWith("--databases=")) {
                databases = List.of(arg.substring("--databases=".length()).split(","));
            } else {
                throw new IllegalArgumentException("unknown option " + arg + "; options: --jars=a.jar,b.jar "
                        + "--starts=N --databases=embedded,postgresql,mysql");
            }
        }
        List<String> lines = new ArrayList<>(List.of(
                "| database | jar | starts | p50 | p90 | slowest | p50 / first jar's |", "|---|---|---:|---:|---:|---:|---:|"));
        for (String database : databases) {
            Map<String, Target> targets = new LinkedHashMap<>();
            for (String jar : jars) {
                targets.put(jar, Target.of(database));
                System.err.printf(Locale.ROOT, "%s, %s: first start (untimed) %.1f s%n", database, jar,
                        start(jar, targets.get(jar)) / 1e3);
            }
            Map<String, List<Long>> times = new LinkedHashMap<>();
            for (int round = 0; round < starts; round++) {
                for (String jar : jars) {
                    long millis = start(jar, targets.get(jar));
                    times.computeIfAbsent(jar, key -> new ArrayList<>()).add(millis);
                    System.err.printf(Locale.ROOT, "%s, %s: %.1f s%n", database, jar, millis / 1e3);
                }
            }
            double baseline = percentile(times.get(jars.get(0)), 0.5);
            for (String jar : jars) {
                List<Long> measured = times.get(jar);
                lines.add(String.format(Locale.ROOT, "| %s | %s | %d | %.1f s | %.1f s | %.1f s | %.2f |", database,
                        jar.replace("|", "/"), measured.size(), percentile(measured, 0.5) / 1e3,
                        percentile(measured, 0.9) / 1e3, measured.stream().max(Comparator.naturalOrder()).orElseThrow()
                                / 1e3, percentile(measured, 0.5) / baseline));
            }
        }
        System.out.println(String.join("\n", lines));
    }

    /** Where a jar's server keeps its data: its own embedded data directory, or its own database on a server. */
    private record Target(List<String> arguments) {

        static Target of(String database) throws IOException {
            if (database.equals("embedded")) {
                Path dataDir = Files.createTempDirectory("runstore-startup-");
                return new Target(List.of("--runstore.data-dir=" + dataDir));
            }
            TestDatabase created = TestDatabases.create(database.equals("postgresql")
                    ? DatabaseKind.POSTGRESQL : DatabaseKind.MYSQL);
            return new Target(List.of("--spring.datasource.url=" + created.jdbcUrl(),
                    "--spring.datasource.username=" + created.username(),
                    "--spring.datasource.password=" + (created.password() == null ? "" : created.password())));
        }
    }

    /** Starts the jar, waits until it is ready, stops it; the milliseconds from the start to ready. */
    private static long start(String jarAndOptions, Target target) throws Exception {
        String[] parts = jarAndOptions.split("#", 2);
        Path jar = Path.of(parts[0]);
        int port = freePort();
        Path log = Files.createTempFile("runstore-startup-", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        String jvmOptions = System.getProperty("bench.server.jvm", "").trim();
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+")));
        }
        if (parts.length > 1) {
            command.addAll(List.of(parts[1].trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--runstore.grpc.port=0"));
        command.addAll(target.arguments());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = started + TimeUnit.MINUTES.toNanos(5);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server exited; its log: " + log);
                }
                try {
                    if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                        Files.delete(log);
                        return millis;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("not ready within 5 minutes; its log: " + log);
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static double percentile(List<Long> values, double quantile) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
