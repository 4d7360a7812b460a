package io.runstore.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** What a report says about where and when it was measured. */
public record MachineInfo(String date, String cpu, int cores, String memory, String os, String javaRuntime) {

    public static MachineInfo read() {
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(Instant.now().atOffset(ZoneOffset.UTC));
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
        String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(value -> String.format("%.1f GiB", Long.parseLong(value.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                .orElse(String.format("%.1f GiB (JVM max)", Runtime.getRuntime().maxMemory() / 1073741824.0));
        return new MachineInfo(date, cpu, Runtime.getRuntime().availableProcessors(), memory,
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    }

    /** The 1, 5 and 15 minute load averages, or "unknown": how busy the machine was (other builds share it). */
    public static String loadAverage() {
        try {
            List<String> fields = List.of(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+"));
            return String.join(" / ", fields.subList(0, 3));
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Optional<String> firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
