package io.runstore.bench.http;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a server's request threads spent their CPU, from a JFR recording's execution samples: each sample of a Tomcat
 * worker thread ({@code http-nio-*}) goes to the layer of its innermost frame that belongs to a known layer (the JDBC
 * driver, jOOQ, Jackson, Spring Security, Micrometer, runstore, Spring MVC, Tomcat; a JDK frame counts for the layer
 * that called it), else "other". Samples are CPU time, not waiting: time blocked on the database's answer does not show here.
 */
public final class JfrBreakdown {

    /** Layers by class-name prefix, checked in this order for each frame from the innermost out. */
    private static final Map<String, List<String>> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("JDBC driver (PostgreSQL / MySQL)", List.of("org.postgresql.", "com.mysql.", "org.mariadb."));
        LAYERS.put("HikariCP", List.of("com.zaxxer.hikari."));
        LAYERS.put("jOOQ (SQL rendering, records)", List.of("org.jooq."));
        LAYERS.put("Jackson (JSON)", List.of("com.fasterxml.jackson."));
        LAYERS.put("Micrometer / observation", List.of("io.micrometer."));
        LAYERS.put("Spring Security", List.of("org.springframework.security."));
        LAYERS.put("runstore", List.of("io.runstore."));
        LAYERS.put("Spring MVC / web", List.of("org.springframework.web.", "org.springframework.http."));
        LAYERS.put("Spring (other)", List.of("org.springframework."));
        LAYERS.put("Tomcat", List.of("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat."));
    }

    private JfrBreakdown() {
    }

    public static void main(String[] args) throws IOException {
        System.out.print(breakdown(Path.of(args[0])).render());
    }

    /** Samples per layer, request threads only. */
    public static Breakdown breakdown(Path recording) throws IOException {
        Map<String, Integer> samples = new LinkedHashMap<>();
        LAYERS.keySet().forEach(layer -> samples.put(layer, 0));
        samples.put("other (JDK, JVM)", 0);
        int total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            var thread = event.getThread("sampledThread");
            if (thread == null || thread.getJavaName() == null || !thread.getJavaName().startsWith("http-nio")) {
                continue;
            }
            samples.merge(layer(event.getStackTrace()), 1, Integer::sum);
            total++;
        }
        return new Breakdown(samples, total);
    }

    private static String layer(RecordedStackTrace stack) {
        if (stack == null) {
            return "other (JDK, JVM)";
        }
        List<RecordedFrame> frames = new ArrayList<>(stack.getFrames());
        for (RecordedFrame frame : frames) {
            if (frame.getMethod() == null || frame.getMethod().getType() == null) {
                continue;
            }
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, List<String>> layer : LAYERS.entrySet()) {
                if (layer.getValue().stream().anyMatch(type::startsWith)) {
                    return layer.getKey();
                }
            }
        }
        return "other (JDK, JVM)";
    }

    /** Samples per layer and their total. */
    public record Breakdown(Map<String, Integer> samples, int total) {

        public String render() {
            StringBuilder table = new StringBuilder("| layer (innermost known frame) | samples | share |\n|---|---:|---:|\n");
            samples.entrySet().stream().filter(entry -> entry.getValue() > 0)
                    .sorted((a, b) -> b.getValue() - a.getValue())
                    .forEach(entry -> table.append(String.format("| %s | %,d | %.0f %% |%n", entry.getKey(),
                            entry.getValue(), 100.0 * entry.getValue() / Math.max(1, total))));
            table.append(String.format("| **all request-thread samples** | %,d | 100 %% |%n", total));
            return table.toString();
        }
    }
}
