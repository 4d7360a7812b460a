package io.runstore.bench.suite;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A benchmark that is a class with a {@code main} method (the append, command, projection and query benchmarks),
 * run in-process as a section of the report: its arguments are the profile's name followed by {@code arguments},
 * and what it prints becomes the section. A benchmark that writes Markdown (tables, chart links) is shown as is.
 */
public record MainClassSection(String title, String className, List<String> arguments) implements BenchmarkSection {

    @Override
    public String run(Profile profile, Path outputDirectory) throws Exception {
        String[] args = java.util.stream.Stream.concat(
                java.util.stream.Stream.of(profile.name(), "--out=" + outputDirectory), arguments.stream())
                .toArray(String[]::new);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Class.forName(className).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            System.setOut(console);
        }
        return "## " + title + "\n\n" + printed.toString(StandardCharsets.UTF_8).trim() + "\n";
    }
}
