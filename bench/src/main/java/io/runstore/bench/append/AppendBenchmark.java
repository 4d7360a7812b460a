package io.runstore.bench.append;

import io.runstore.bench.report.BarValues;
import io.runstore.bench.report.Charts;
import io.runstore.bench.report.MarkdownTable;
import io.runstore.testsupport.DatabaseKind;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.runstore.bench.report.Figures.megabytes;
import static io.runstore.bench.report.Figures.millis;
import static io.runstore.bench.report.Figures.perSecond;
import static io.runstore.bench.report.Figures.ratio;

/**
 * The event store benchmark: runstore's {@code JooqEventStorageEngine} against Axon's stock
 * {@code JdbcEventStorageEngine}, same run, same machine, on PostgreSQL and MariaDB (local servers, a fresh database
 * per measurement). Measures appended events/s through Axon (one command = one event) at 1, 4 and 16 writers, with
 * and without a projection running (the same handler, one jOOQ upsert per event, for both, in a pooled processor
 * set up as Axon's defaults or as the server's projector: {@link ProjectionMode}), the projected events/s, tailing-read
 * events/s, append-to-delivery lag at a steady 2,000 events/s, and the two global-order designs side by side; checks
 * that every stored event reached the projection and the tailing read. Prints a Markdown report and writes it to
 * {@code docs/benchmarks/append.md}.
 * <p>
 * Run from the repository root (PostgreSQL on 127.0.0.1:5432 and MariaDB on 127.0.0.1:3306 as for the tests):
 * <pre>
 * mvn -B -o -q -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.runstore.bench.append.AppendBenchmark
 * </pre>
 * Options: {@code --seconds=10} (measurement window), {@code --warmup=3}, {@code --writers=1,4,16},
 * {@code --databases=postgresql,mysql}, {@code --lag-rate=2000}, {@code --repeats=3} (runs per configuration and
 * engine, alternating engines; the median is reported), {@code --projections=none,per-event,batched},
 * {@code --out=docs/benchmarks/append.md}, {@code --chart=docs/benchmarks/append.png} (runstore's events/s over the
 * stock engine's per configuration and database; the report links it by file name).
 * <p>
 * The lags are those of every stored event, each timed from its creation just before its transaction to its
 * delivery: not a caller's latency (no caller waits for the delivery), so no correction for coordinated omission
 * applies and none is made. The writers of the append-to-delivery lag keep a fixed schedule (an open loop); those of
 * the global-order designs write back to back, so a stall there also delays the events not yet created.
 */
public final class AppendBenchmark {

    private final Duration window;
    private final Duration warmup;
    private final List<Integer> writers;
    private final List<DatabaseKind> databases;
    private final int lagRate;
    private final int repeats;
    private final List<ProjectionMode> projections;
    private final Path out;
    private final Path chart;
    /** runstore's append events/s over the stock engine's, per database and configuration, for {@code --chart}. */
    private final BarValues ratios = new BarValues();
    private boolean allDelivered;

    private AppendBenchmark(Map<String, String> options) {
        window = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "10")));
        warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "3")));
        writers = Arrays.stream(options.getOrDefault("writers", "1,4,16").split(",")).map(Integer::parseInt).toList();
        databases = Arrays.stream(options.getOrDefault("databases", "postgresql,mysql").split(","))
                .map(name -> DatabaseKind.valueOf(name.trim().toUpperCase())).toList();
        lagRate = Integer.parseInt(options.getOrDefault("lag-rate", "2000"));
        repeats = Integer.parseInt(options.getOrDefault("repeats", "3"));
        projections = Arrays.stream(options.getOrDefault("projections", "none,per-event,batched").split(","))
                .map(ProjectionMode::parse).toList();
        out = Path.of(options.getOrDefault("out", "docs/benchmarks/append.md"));
        chart = options.containsKey("chart") ? Path.of(options.get("chart")) : null;
    }

    public static void main(String[] args) throws Exception {
        AppendBenchmark benchmark = new AppendBenchmark(BenchOptions.parse(args));
        String report = benchmark.measureAll();
        System.out.println(report);
        Files.createDirectories(benchmark.out.toAbsolutePath().getParent());
        Files.writeString(benchmark.out, report);
        System.err.println("Written to " + benchmark.out.toAbsolutePath());
        System.exit(benchmark.allDelivered ? 0 : 1);
    }

    /**
     * The benchmark suite's entry: {@code args[0]} names the profile (the quick one measures 4 s windows, once per
     * engine), the other arguments are options as above ({@code --out} the report's directory); returns the Markdown
     * report without writing it, its chart {@code <profile>-append.png} in that directory.
     */
    public static String report(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        String profile = args.length > 0 ? args[0] : "quick";
        if (options.containsKey("out") && !options.containsKey("chart")) {
            options.put("chart", Path.of(options.get("out")).resolve(profile + "-append.png").toString());
        }
        if (profile.equals("quick")) {
            options.putIfAbsent("seconds", "4");
            options.putIfAbsent("warmup", "2");
            options.putIfAbsent("repeats", "1");
            options.putIfAbsent("writers", "1,16");
            options.putIfAbsent("projections", "none,batched");
        }
        AppendBenchmark benchmark = new AppendBenchmark(options);
        String report = benchmark.measureAll();
        if (!benchmark.allDelivered) {
            throw new IllegalStateException("Events were lost or not delivered:\n" + report);
        }
        return report;
    }

    private String measureAll() throws Exception {
        StringBuilder report = new StringBuilder();
        report.append("# Event store append benchmark\n\n")
                .append("Generated by `io.runstore.bench.append.AppendBenchmark` on ").append(Instant.now())
                .append(" (").append(Runtime.getRuntime().availableProcessors()).append(" cores, load average ")
                .append(loadAverage()).append(" at the start; the databases share the machine with everything ")
                .append("else on it, so compare the ratios, which come from back-to-back runs).\n")
                .append("Each measurement uses a fresh database; ").append(repeats)
                .append(" runs per engine and configuration, engines alternating, median reported; windows of ")
                .append(window.toSeconds())
                .append(" s after ").append(warmup.toSeconds()).append(" s of warm-up. One command = one RunCreated ")
                .append("event of ").append(CommandLoad.PIPELINE_SPEC.toString().length() + 300)
                .append(" bytes or so (JSON). The projection is one jOOQ upsert per event in an Axon pooled streaming ")
                .append("processor, the same for both engines, set up either with Axon's defaults (per event) or with ")
                .append("the server projector's settings (batched). Its events/s are counted over the same window; ")
                .append("a projection that falls behind leaves more of the machine to the appends, so read both.\n\n");
        allDelivered = true;
        for (DatabaseKind kind : databases) {
            allDelivered &= engines(kind, report);
            allDelivered &= lag(kind, report);
            allDelivered &= designs(kind, report);
        }
        report.append("\nLoad average at the end: ").append(loadAverage()).append(". Every stored event delivered: ")
                .append(allDelivered ? "yes" : "**NO**").append(".\n");
        if (chart != null && !ratios.isEmpty()) {
            Charts.ratioBars(chart, "Appends through Axon: runstore's engine against the stock one, same run",
                    "runstore events/s ÷ stock events/s (median runs)", "stock engine", ratios.asMap());
            report.append("\n![runstore's append events/s over the stock engine's, per writers and projection](")
                    .append(chart.getFileName()).append(")\n");
        }
        return report.toString();
    }

    private boolean engines(DatabaseKind kind, StringBuilder report) throws Exception {
        for (EngineKind engine : EngineKind.values()) {
            measure(kind, engine, 4, ProjectionMode.NONE, false);
        }
        MarkdownTable table = new MarkdownTable("writers", "projection", "stock events/s", "runstore events/s",
                "runstore / stock", "projected events/s in the window (stock / runstore)",
                "stored events, median run (stock / runstore)", "not projected, all runs (stock / runstore)",
                "projection catch-up after stop (stock / runstore)", "event table size (stock / runstore)");
        Map<EngineKind, TailRead.Result> tailReads = new EnumMap<>(EngineKind.class);
        Map<String, Map<EngineKind, Measured>> medians = new HashMap<>();
        boolean allDelivered = true;
        int run = 0;
        for (int count : writers) {
            for (ProjectionMode projection : projections) {
                boolean tail = count == writers.get(writers.size() - 1) && projection == ProjectionMode.NONE;
                Map<EngineKind, List<Measured>> results = new EnumMap<>(EngineKind.class);
                for (int repeat = 0; repeat < repeats; repeat++) {
                    List<EngineKind> order = run++ % 2 == 0 ? List.of(EngineKind.STOCK, EngineKind.RUNSTORE)
                            : List.of(EngineKind.RUNSTORE, EngineKind.STOCK);
                    for (EngineKind engine : order) {
                        Measured measured = measure(kind, engine, count, projection, tail);
                        results.computeIfAbsent(engine, e -> new ArrayList<>()).add(measured);
                        allDelivered &= measured.append().lost() == 0 && measured.append().failed() == 0
                                && (measured.tailRead() == null
                                || measured.tailRead().events() == measured.append().stored());
                        System.err.println(kind + " " + count + " writers, projection " + projection + ", "
                                + engine + ": " + measured);
                    }
                }
                Measured stock = median(results.get(EngineKind.STOCK));
                Measured ours = median(results.get(EngineKind.RUNSTORE));
                medians.put(count + "/" + projection, Map.of(EngineKind.STOCK, stock, EngineKind.RUNSTORE, ours));
                ratios.put(label(kind), count + " writer" + (count == 1 ? ", " : "s, ")
                                + (projection.runs() ? projection.shortLabel() + " projection" : "no projection"),
                        ours.append().eventsPerSecond() / stock.append().eventsPerSecond());
                boolean projecting = projection.runs();
                table.row(count, projection.label, perSecond(stock.append().eventsPerSecond()),
                        perSecond(ours.append().eventsPerSecond()),
                        ratio(ours.append().eventsPerSecond() / stock.append().eventsPerSecond()),
                        projecting ? perSecond(stock.append().projectedPerSecond()) + " / "
                                + perSecond(ours.append().projectedPerSecond()) : "-",
                        stock.append().stored() + " / " + ours.append().stored(),
                        projecting ? lost(results.get(EngineKind.STOCK)) + " / "
                                + lost(results.get(EngineKind.RUNSTORE)) : "-",
                        projecting ? String.format("%.1f s / %.1f s", stock.append().catchUpSeconds(),
                                ours.append().catchUpSeconds()) : "-",
                        megabytes(stock.append().tableBytes()) + " / " + megabytes(ours.append().tableBytes()));
                if (tail) {
                    tailReads.put(EngineKind.STOCK, stock.tailRead());
                    tailReads.put(EngineKind.RUNSTORE, ours.tailRead());
                }
            }
        }
        report.append("## ").append(label(kind)).append(": appends through Axon\n\n").append(table).append("\n");
        report.append(ceiling(medians));
        if (!tailReads.isEmpty()) {
            MarkdownTable tail = new MarkdownTable("engine", "events read", "tailing read events/s");
            tailReads.forEach((engine, result) -> tail.row(engine.label, result.events(),
                    perSecond(result.eventsPerSecond())));
            report.append("Tailing read of the whole log from the tail token (engine `readEvents`, payloads ")
                    .append("deserialized), after the ").append(writers.get(writers.size() - 1))
                    .append("-writer run without projection; every stored event read:\n\n").append(tail).append("\n");
        }
        return allDelivered;
    }

    /**
     * runstore with no projection at all against the stock engine with the projection running: what runstore reaches
     * with the machine to itself, so about the most its ratio with a projection running could be.
     */
    private String ceiling(Map<String, Map<EngineKind, Measured>> medians) {
        if (!projections.contains(ProjectionMode.NONE)) {
            return "";
        }
        MarkdownTable table = new MarkdownTable("writers", "stock's projection", "stock events/s with it",
                "runstore events/s without any projection", "ratio");
        for (int count : writers) {
            Measured alone = medians.get(count + "/" + ProjectionMode.NONE).get(EngineKind.RUNSTORE);
            for (ProjectionMode projection : projections) {
                if (projection.runs()) {
                    Measured stock = medians.get(count + "/" + projection).get(EngineKind.STOCK);
                    table.row(count, projection.label, perSecond(stock.append().eventsPerSecond()),
                            perSecond(alone.append().eventsPerSecond()),
                            ratio(alone.append().eventsPerSecond() / stock.append().eventsPerSecond()));
                }
            }
        }
        return "runstore with the machine to itself (no projection) against the stock engine sharing it with the "
                + "projection, from the runs above: a projection on the same cores takes from runstore too, so the "
                + "ratio with a projection running can hardly exceed this one.\n\n" + table + "\n";
    }

    private Measured measure(DatabaseKind kind, EngineKind engineKind, int count, ProjectionMode projection,
                             boolean tail) throws Exception {
        try (BenchDatabase db = new BenchDatabase(kind, count + 16)) {
            EventStorageEngine engine = engineKind.open(db);
            try {
                AppendMeasurement.Result append = AppendMeasurement.run(db, engineKind, engine, count, projection,
                        warmup, window);
                return new Measured(append, tail ? TailRead.run(engine) : null);
            } finally {
                EngineKind.close(engine);
            }
        }
    }

    private boolean lag(DatabaseKind kind, StringBuilder report) throws Exception {
        MarkdownTable table = new MarkdownTable("engine", "offered events/s", "achieved events/s",
                "lag p50 (open loop)", "lag p99 (open loop)", "lag max", "not delivered");
        boolean allDelivered = true;
        for (EngineKind engineKind : EngineKind.values()) {
            try (BenchDatabase db = new BenchDatabase(kind, 32)) {
                EventStorageEngine engine = engineKind.open(db);
                try {
                    LagProbe.Result lag = LagProbe.run(db, engineKind, engine, lagRate, warmup, window);
                    allDelivered &= lag.lost() == 0;
                    table.row(engineKind.label, perSecond(lag.offered()), perSecond(lag.achieved()),
                            millis(lag.p50Millis()), millis(lag.p99Millis()), millis(lag.maxMillis()), lag.lost());
                    System.err.println(kind + " lag " + engineKind + ": " + lag);
                } finally {
                    EngineKind.close(engine);
                }
            }
        }
        report.append("Append-to-delivery lag through Axon's `EmbeddedEventStore.openStream` (the processors' path) ")
                .append("at a steady offered rate, 8 writers, no projection; every event timed from its creation to ")
                .append("its delivery, the writers on a fixed schedule (an open loop: not corrected for coordinated ")
                .append("omission, none applies):\n\n").append(table).append("\n");
        return allDelivered;
    }

    private boolean designs(DatabaseKind kind, StringBuilder report) throws Exception {
        MarkdownTable table = new MarkdownTable("design", "writers", "events/s", "lag p50 (not corrected)",
                "lag p99 (not corrected)", "positions dense", "delivered / stored");
        boolean allDelivered = true;
        for (int count : List.of(4, 16)) {
            for (GlobalOrderDesigns.Design design : GlobalOrderDesigns.Design.values()) {
                try (BenchDatabase db = new BenchDatabase(kind, count + 8)) {
                    GlobalOrderDesigns.Result result = GlobalOrderDesigns.run(db, design, count, warmup, window);
                    allDelivered &= result.dense() && result.delivered() == result.stored();
                    table.row(design.label, count, perSecond(result.eventsPerSecond()),
                            millis(result.lagP50Millis()), millis(result.lagP99Millis()),
                            result.dense() ? "yes" : "**no**", result.delivered() + " / " + result.stored());
                    System.err.println(kind + " design " + design + " " + count + ": " + result);
                }
            }
        }
        report.append("Global-order designs on the same event_log table, one event per transaction written directly ")
                .append("through jOOQ (no Axon command path), read by the same reader polling `position > last` ")
                .append("every 2 ms; every event timed from its creation to its delivery, not corrected for ")
                .append("coordinated omission (the writers write back to back, so a stall also delays the events ")
                .append("they have not created yet; the lag is a reader's, not a caller's latency):\n\n")
                .append(table).append("\n");
        return allDelivered;
    }

    private static String label(DatabaseKind kind) {
        return kind == DatabaseKind.POSTGRESQL ? "PostgreSQL 15" : "MariaDB 10.11";
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The run with the median append rate. */
    private static Measured median(List<Measured> runs) {
        List<Measured> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(m -> m.append().eventsPerSecond()));
        return sorted.get(sorted.size() / 2);
    }

    private static long lost(List<Measured> runs) {
        return runs.stream().mapToLong(m -> m.append().lost()).sum();
    }

    private record Measured(AppendMeasurement.Result append, TailRead.Result tailRead) {
    }
}
