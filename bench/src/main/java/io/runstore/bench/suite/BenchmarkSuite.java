package io.runstore.bench.suite;

import io.runstore.bench.report.MachineInfo;
import io.runstore.bench.report.MarkdownTable;
import io.runstore.testsupport.DatabaseKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one entry point of the benchmarks: runs every registered section for a profile and writes
 * {@code <out>/<profile>.md} with its PNG charts beside it (default {@code docs/benchmarks}, relative to where it is
 * started: the repository root). With {@code --sections=} only those run, and the report goes to
 * {@code <out>/<profile>-<sections>.md} so that a partial run never replaces the whole report.
 * <pre>
 * BenchmarkSuite quick|full [--sections=listruns,append,command,projection,query] [--sizes=1000,5000]
 *                [--databases=postgresql,mysql] [--budget-ms=1000] [--min-rounds=5]
 *                [--timing-lock=/tmp/runstore-bench.lock] [--disk-margin=20] [--out=docs/benchmarks]
 *                [--listruns-cases=active,archived,search,experiment,by-name] [--deep-page=50]
 *                [--server-warm-up-calls=10000]
 * </pre>
 * With {@code --timing-lock}, the ListRuns section holds that file's flock(1) lock while it times, not while it loads.
 * {@code --disk-margin} is the free disk (percent of a data set's estimated size, at least 5, and never less than
 * 5 GB) the ListRuns section asks for beyond the estimate before it loads. {@code --listruns-cases} times only those
 * cases, {@code --deep-page=0} only their first pages (walking to a deep page calls KFP's query once a page, seconds
 * each on a large MariaDB), and the query server answers {@code --server-warm-up-calls} before any timing.
 * The databases are the ones the tests use (test-support's TestDatabases: environment URLs, else the local servers);
 * each data set gets fresh databases, dropped when the run ends.
 */
public final class BenchmarkSuite {

    private BenchmarkSuite() {
    }

    /** The sections by the name {@code --sections} knows them by, in report order. */
    static Map<String, BenchmarkSection> sections() {
        Map<String, BenchmarkSection> sections = new LinkedHashMap<>();
        sections.put("listruns", new ListRunsSection());
        sections.put("append", new MainClassSection(
                "Event store: appends and tailing, runstore's engine against Axon's stock one",
                "io.runstore.bench.append.AppendBenchmark", List.of()));
        sections.put("command", new MainClassSection("Command API: task updates over HTTP against plain JDBC",
                "io.runstore.bench.command.CommandApiBenchmark", List.of()));
        sections.put("projection", new MainClassSection(
                "Projection: the batched run-list projector against Axon's stock per-event handler",
                "io.runstore.bench.projection.ProjectionBenchmark", List.of()));
        sections.put("query", new MainClassSection(
                "Query API: every ListRuns query of the indexed matrix, server-side latency",
                "io.runstore.bench.query.QueryBenchmark", List.of()));
        return sections;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        if (args.length == 0) {
            System.err.println("Usage: BenchmarkSuite quick|full [--sections=" + String.join(",", sections().keySet())
                    + "] [--sizes=1000,5000] [--databases=postgresql,mysql] [--out=docs/benchmarks]");
            System.exit(2);
        }
        Invocation invocation = invocation(args);
        Profile profile = invocation.profile();
        Path out = invocation.out();
        List<String> selected = invocation.sections();
        Map<String, BenchmarkSection> sections = sections();
        Files.createDirectories(out);
        MachineInfo machine = MachineInfo.read();
        String loadBefore = MachineInfo.loadAverage();
        long started = System.nanoTime();
        List<String> texts = new ArrayList<>();
        for (String name : selected) {
            BenchmarkSection section = sections.get(name);
            System.out.println("== " + section.title());
            texts.add(section.run(profile, out));
        }
        boolean all = selected.containsAll(sections.keySet());
        String report = header(profile, machine, loadBefore, (System.nanoTime() - started) / 60e9,
                all ? "all" : String.join(", ", selected)) + String.join("\n", texts);
        Path file = out.resolve(profile.name() + (all ? "" : "-" + String.join("-", selected)) + ".md");
        Files.writeString(file, report);
        System.out.println("Wrote " + file + " and its charts");
        System.exit(0);
    }

    /** What the command line asks for: the profile with its options, the sections, where the report goes. */
    record Invocation(Profile profile, List<String> sections, Path out) {
    }

    static Invocation invocation(String[] args) {
        Profile profile = Profile.named(args[0]);
        Path out = Path.of("docs", "benchmarks");
        List<String> selected = List.copyOf(sections().keySet());
        for (String option : Arrays.asList(args).subList(1, args.length)) {
            String value = option.substring(option.indexOf('=') + 1);
            if (option.startsWith("--sizes=")) {
                profile = profile.withSizes(Arrays.stream(value.split(",")).map(size -> Integer.valueOf(size.trim())).toList());
            } else if (option.startsWith("--databases=")) {
                profile = profile.withDatabases(Arrays.stream(value.split(",")).map(BenchmarkSuite::database).toList());
            } else if (option.startsWith("--sections=")) {
                selected = Arrays.stream(value.split(",")).map(String::trim).toList();
                for (String name : selected) {
                    if (!sections().containsKey(name)) {
                        throw new IllegalArgumentException("Unknown section " + name + ": " + sections().keySet());
                    }
                }
            } else if (option.startsWith("--budget-ms=")) {
                profile = profile.withTiming(Duration.ofMillis(Long.parseLong(value)), profile.minRounds());
            } else if (option.startsWith("--min-rounds=")) {
                profile = profile.withTiming(profile.budget(), Integer.parseInt(value));
            } else if (option.startsWith("--timing-lock=")) {
                profile = profile.withTimingLock(Path.of(value));
            } else if (option.startsWith("--disk-margin=")) {
                profile = profile.withDiskMargin(DiskSpace.checkMargin(Integer.parseInt(value)));
            } else if (option.startsWith("--listruns-cases=")) {
                Set<String> cases = Arrays.stream(value.split(",")).map(String::trim).collect(Collectors.toSet());
                ListRunsSection.checkCaseNames(cases);
                profile = profile.withListRuns(profile.listRuns().withCases(cases));
            } else if (option.startsWith("--deep-page=")) {
                profile = profile.withListRuns(profile.listRuns().withDeepPage(Integer.parseInt(value)));
            } else if (option.startsWith("--server-warm-up-calls=")) {
                profile = profile.withListRuns(profile.listRuns().withServerWarmUpCalls(Integer.parseInt(value)));
            } else if (option.startsWith("--out=")) {
                out = Path.of(value);
            } else {
                throw new IllegalArgumentException("Unknown option " + option);
            }
        }
        return new Invocation(profile, selected, out);
    }

    private static String header(Profile profile, MachineInfo machine, String loadBefore, double minutes,
                                 String sections) {
        StringBuilder text = new StringBuilder("# runstore benchmarks: the `" + profile.name() + "` profile\n\n");
        text.append("Generated by `io.runstore.bench.suite.BenchmarkSuite ").append(profile.name())
                .append("` (see bench/README.md). Data sets: ")
                .append(String.join(", ", profile.sizes().stream().map(size -> String.format("%,d", size)).toList()))
                .append(" runs, in the shape of a busy KFP installation (bench/README.md): 2 resource references, 20 tasks, 0-2 metrics and a state ")
                .append("history of 2-5 entries per run, pipeline spec 5-50 KB (median 5 KB), two workflow manifests of ")
                .append("18-90 KB; 10-100 experiments per namespace; 90 % AVAILABLE, 10 % ARCHIVED; mostly finished runs, ")
                .append("4 % RUNNING. The numbers are from one run on a machine other builds were using at the same ")
                .append("time: absolute latencies are noisy; the ratios, measured in the same rounds, hold better.\n\n");
        MarkdownTable table = new MarkdownTable("", "");
        table.row("date", machine.date());
        table.row("sections", sections);
        table.row("machine", machine.cpu() + ", " + machine.cores() + " cores (nproc), " + machine.memory());
        table.row("system", machine.os() + ", " + machine.javaRuntime());
        table.row("load average (1/5/15 min) before / after", loadBefore + " — " + MachineInfo.loadAverage());
        table.row("timing per request", profile.budget().toMillis() + " ms and at least " + profile.minRounds()
                + " rounds (every implementation once a round)");
        table.row("duration", String.format("%.1f minutes", minutes));
        return text.append(table.render()).append('\n').toString();
    }

    private static DatabaseKind database(String name) {
        return switch (name.trim().toLowerCase()) {
            case "postgresql", "postgres", "pg" -> DatabaseKind.POSTGRESQL;
            case "mysql", "mariadb" -> DatabaseKind.MYSQL;
            default -> throw new IllegalArgumentException("Unknown database " + name + ": postgresql or mysql");
        };
    }
}
