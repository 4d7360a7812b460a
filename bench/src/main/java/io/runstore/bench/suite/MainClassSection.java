package io.runstore.bench.suite;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A benchmark with an entry of its own (the append, command, projection and query benchmarks) run in-process as a
 * section of the report. Such a class has {@code public static String report(String[] args)}: its arguments are
 * the profile's name, {@code --out=<the report's directory>} (for charts),
 * {@code --databases=postgresql,mysql} (the profile's), then {@code arguments}; it returns its
 * Markdown (tables, chart links), which becomes the section as is.
 */
public record MainClassSection(String title, String className, List<String> arguments) implements BenchmarkSection {

    @Override
    public String run(Profile profile, Path outputDirectory) throws Exception {
        String databases = String.join(",", profile.databases().stream()
                .map(database -> database.name().toLowerCase()).toList());
        String[] args = Stream.concat(Stream.of(profile.name(), "--out=" + outputDirectory,
                "--databases=" + databases), arguments.stream()).toArray(String[]::new);
        Object report;
        try {
            report = Class.forName(className).getMethod("report", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        return "## " + title + "\n\n" + String.valueOf(report).trim() + "\n";
    }
}
