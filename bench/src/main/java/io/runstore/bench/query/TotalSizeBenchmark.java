package io.runstore.bench.query;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.bench.report.Charts;
import io.runstore.bench.report.ClosedLoopLatency;
import io.runstore.bench.report.DatabaseKinds;
import io.runstore.bench.report.MachineInfo;
import io.runstore.bench.report.MarkdownTable;
import io.runstore.query.listing.Listing;
import io.runstore.query.listing.PageTokens;
import io.runstore.query.run.RunLister;
import io.runstore.query.run.RunScope;
import io.runstore.query.run.RunViewMode;
import io.runstore.query.sql.QueryDsl;
import io.runstore.readtables.ReadTablesSchema;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import io.runstore.testsupport.readtables.RunListRows;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.ResultQuery;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.when;

/**
 * total_size of a namespace with many experiments: the sum over run_counts (a row per experiment, storage state and
 * state: the statement RunLister ran before run_namespace_counts) against the sum over run_namespace_counts (a row
 * per storage state and state: what it runs now), both on the same tables in the same run, calls alternating; and
 * the whole first ListRuns page through RunLister (which now reads run_namespace_counts); then the same with the
 * namespace's runs in one experiment, the baseline the many-experiment figures are divided by. One caller, calls
 * back to back, latencies corrected for coordinated omission ({@link ClosedLoopLatency}).
 * <p>
 * {@code TotalSizeBenchmark [--experiments=10000] [--runs=100000] [--calls=300] [--databases=postgresql,mysql]
 * [--out=DIR]}; writes {@code DIR/total-size.md} and its chart {@code DIR/total-size.png} with {@code --out}.
 */
public final class TotalSizeBenchmark {

    private static final int WARM_UP_CALLS = 100;

    private TotalSizeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.print(report(args));
        System.exit(0);
    }

    public static String report(String[] args) throws Exception {
        int experiments = 10_000;
        int runs = 100_000;
        int calls = 300;
        List<DatabaseKind> kinds = List.of(DatabaseKind.POSTGRESQL, DatabaseKind.MYSQL);
        Path out = null;
        for (String arg : args) {
            if (arg.startsWith("--experiments=")) {
                experiments = Integer.parseInt(arg.substring(14));
            } else if (arg.startsWith("--runs=")) {
                runs = Integer.parseInt(arg.substring(7));
            } else if (arg.startsWith("--calls=")) {
                calls = Integer.parseInt(arg.substring(8));
            } else if (arg.startsWith("--databases=")) {
                kinds = DatabaseKinds.parse(arg.substring(12));
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring(6));
            }
        }
        MachineInfo machine = MachineInfo.read();
        StringBuilder report = new StringBuilder("# total_size of a namespace with many experiments\n\n")
                .append(String.format("`TotalSizeBenchmark --experiments=%d --runs=%d --calls=%d`, %s, %d cores (%s), "
                                + "load average (1/5/15 min) at start %s. One namespace, %,d runs over %,d experiments "
                                + "(a fifth in one of them), 10 %% archived, states mostly terminal. Each statement "
                                + "warmed %d times, then %d calls of each, alternating; milliseconds as the caller sees "
                                + "them, one caller, %s.%n",
                        experiments, runs, calls, machine.date(), machine.cores(), machine.cpu(),
                        MachineInfo.loadAverage(), runs, experiments, WARM_UP_CALLS, calls, ClosedLoopLatency.METHOD));
        MarkdownTable scaling = new MarkdownTable("database", "filter",
                "total_size statement p50: 1 experiment / " + String.format("%,d", experiments), "ratio",
                "ListRuns first page p50: 1 experiment / " + String.format("%,d", experiments), "ratio")
                .numeric(2, 3, 4, 5);
        StringBuilder sections = new StringBuilder();
        Map<String, Map<String, Double>> chart = new LinkedHashMap<>();
        for (DatabaseKind kind : kinds) {
            // the baseline: the same runs in a namespace with one experiment, in a database of its own on the same
            // server; the two are timed call for call alternately, so both see the same machine
            try (Measured one = measure(kind, 1, runs, calls); Measured many = measure(kind, experiments, runs, calls)) {
                sections.append(one.markdown()).append(many.markdown());
                scale(kind, one, many, calls, scaling, chart);
            }
        }
        report.append(String.format("%n## %,d experiments against 1%n%nThe namespace's total_size (the statement RunLister "
                + "runs, over run_namespace_counts) and the whole first ListRuns page, p50 in ms, with the namespace's "
                + "runs in one experiment and in %,d, the calls to the two alternating; ratio: many over one (about "
                + "1: the count does not grow with the experiments).%n%n%s", experiments, experiments,
                scaling.render()));
        if (out != null) {
            report.append("\n![ListRuns first page p50 with 1 and with many experiments](total-size.png)\n");
        }
        report.append(sections);
        report.append("\nLoad average at the end: ").append(MachineInfo.loadAverage()).append(".\n");
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("total-size.md"), report, StandardCharsets.UTF_8);
            Charts.bars(out.resolve("total-size.png"), String.format("ListRuns first page, %,d runs in a namespace",
                    runs), "p50 ms (corrected for coordinated omission)", chart, false);
        }
        return report.toString();
    }

    /** One data set, loaded and measured on its own (its section), kept open for {@link #scale}. */
    private record Measured(String markdown, HikariDataSource dataSource, DSLContext dsl, RunLister lister,
                            String namespace, int experiments) implements AutoCloseable {
        @Override
        public void close() {
            dataSource.close();
        }
    }

    /** The two data sets' total_size statement and first page, the calls to the two alternating. */
    private static void scale(DatabaseKind kind, Measured one, Measured many, int calls, MarkdownTable scaling,
                              Map<String, Map<String, Double>> chart) {
        for (String[] filter : FILTERS) {
            List<String> storageStates = filter[1] == null ? List.of("AVAILABLE", "ARCHIVED") : List.of(filter[1]);
            Listing.Parameters page = new Listing.Parameters(filterJson(filter[1], filter[2]), "created_at desc",
                    "sort_by", null);
            List<Supplier<Object>> alternating = new ArrayList<>();
            for (Measured data : List.of(one, many)) {
                ResultQuery<?> statement = total(data.dsl(), false, data.namespace(), storageStates, filter[2]);
                alternating.add(statement::fetch);
            }
            for (Measured data : List.of(one, many)) {
                alternating.add(() -> data.lister().list(RunScope.namespace(data.namespace()), page, 20,
                        RunViewMode.DEFAULT));
            }
            List<ClosedLoopLatency> times = time(alternating, calls);
            double statement = times.get(1).millisAt(50) / times.get(0).millisAt(50);
            double listing = times.get(3).millisAt(50) / times.get(2).millisAt(50);
            scaling.row(kind.name(), filter[0],
                    millis(times.get(0)) + " / " + millis(times.get(1)), String.format("%.2f", statement),
                    millis(times.get(2)) + " / " + millis(times.get(3)), String.format("%.2f", listing));
            String category = kind.name() + ", " + filter[0];
            chart.computeIfAbsent("1 experiment", k -> new LinkedHashMap<>()).put(category, times.get(2).millisAt(50));
            chart.computeIfAbsent(String.format("%,d experiments", many.experiments()), k -> new LinkedHashMap<>())
                    .put(category, times.get(3).millisAt(50));
        }
    }

    /** Each call timed in microseconds, the calls taken in turn: the warm-up, then the recorded rounds. */
    private static List<ClosedLoopLatency> time(List<Supplier<Object>> calls, int rounds) {
        List<ClosedLoopLatency> times = new ArrayList<>();
        calls.forEach(call -> times.add(new ClosedLoopLatency()));
        for (int i = 0; i < WARM_UP_CALLS + rounds; i++) {
            for (int c = 0; c < calls.size(); c++) {
                long started = System.nanoTime();
                calls.get(c).get();
                long micros = (System.nanoTime() - started) / 1_000;
                if (i < WARM_UP_CALLS) {
                    times.get(c).warmUp(micros);
                } else {
                    times.get(c).record(micros);
                }
            }
        }
        return times;
    }

    private static final List<String[]> FILTERS = List.of(new String[]{"none", null, null},
            new String[]{"storage_state NOT_EQUALS ARCHIVED", "AVAILABLE", null},
            new String[]{"state EQUALS SUCCEEDED", null, "SUCCEEDED"});

    private static String millis(ClosedLoopLatency latency) {
        return String.format("%.3f", latency.millisAt(50));
    }

    private static Measured measure(DatabaseKind kind, int experiments, int runs, int calls) throws Exception {
        TestDatabase database = TestDatabases.create(kind);
        HikariDataSource dataSource = database.newDataSource(4);
        try {
            ReadTablesSchema.migrate(dataSource, database.dialect());
            DSLContext dsl = DSL.using(dataSource, database.dialect(), new Settings().withExecuteLogging(false));
            // a fifth of the runs in one big experiment, as RunListRows lays them out; all of them when it is the only one
            RunListRows.Layout layout = new RunListRows.Layout(1, experiments, experiments == 1 ? 1 : 5,
                    RunListRows.Layout.ONE_NAMESPACE.states());
            Duration loaded = RunListRows.load(dsl, runs, 2, layout);
            String namespace = layout.namespace(0);
            int counterRows = dsl.fetchCount(RUN_COUNTS, RUN_COUNTS.NAMESPACE.eq(namespace));
            int namespaceRows = dsl.fetchCount(RUN_NAMESPACE_COUNTS, RUN_NAMESPACE_COUNTS.NAMESPACE.eq(namespace));
            RunLister lister = new RunLister(QueryDsl.of(dsl, Duration.ofSeconds(5)),
                    new PageTokens("bench".getBytes(StandardCharsets.UTF_8)));

            MarkdownTable table = new MarkdownTable("filter", "total_size", "run_counts sum (before) p50 / p99",
                    "run_namespace_counts sum (after) p50 / p99", "before / after (p50)",
                    "ListRuns first page via RunLister (after) p50 / p99").numeric(1, 2, 3, 4, 5);
            for (String[] filter : List.of(new String[]{"none", null, null},
                    new String[]{"storage_state NOT_EQUALS ARCHIVED", "AVAILABLE", null},
                    new String[]{"state EQUALS SUCCEEDED", null, "SUCCEEDED"})) {
                List<String> storageStates = filter[1] == null ? List.of("AVAILABLE", "ARCHIVED") : List.of(filter[1]);
                ResultQuery<?> before = total(dsl, true, namespace, storageStates, filter[2]);
                ResultQuery<?> after = total(dsl, false, namespace, storageStates, filter[2]);
                Listing.Parameters page = new Listing.Parameters(filterJson(filter[1], filter[2]), "created_at desc",
                        "sort_by", null);
                Supplier<Object> listing = () -> lister.list(RunScope.namespace(namespace), page, 20,
                        RunViewMode.DEFAULT);
                Object beforeTotal = before.fetchOne().get(0);
                Object afterTotal = after.fetchOne().get(0);
                long listed = lister.list(RunScope.namespace(namespace), page, 20, RunViewMode.DEFAULT).totalSize();
                if (!String.valueOf(beforeTotal).equals(String.valueOf(afterTotal))
                        || Long.parseLong(String.valueOf(afterTotal)) != listed) {
                    throw new IllegalStateException("The totals disagree: " + beforeTotal + ", " + afterTotal + ", "
                            + listed);
                }
                List<ClosedLoopLatency> times = time(List.of(before::fetch, after::fetch, listing), calls);
                table.row(filter[0], String.format("%,d", listed), p50p99(times.get(0)), p50p99(times.get(1)),
                        String.format("%.1f×", times.get(0).millisAt(50) / times.get(1).millisAt(50)),
                        p50p99(times.get(2)));
            }
            return new Measured(String.format("%n## %s (%s), %,d experiment%s%n%n%,d runs loaded in %.1f s; the "
                            + "namespace has %,d run_counts rows and %d run_namespace_counts rows.%n%n%s", kind,
                    database.dialect(), experiments, experiments == 1 ? "" : "s", runs, loaded.toMillis() / 1000.0,
                    counterRows, namespaceRows, table.render()), dataSource, dsl, lister, namespace, experiments);
        } catch (Exception | Error e) {
            dataSource.close();
            throw e;
        }
    }

    /** The total_size statement over run_counts (before) or run_namespace_counts (after), as RunLister words it. */
    private static ResultQuery<?> total(DSLContext dsl, boolean perExperiment, String namespace,
                                        List<String> storageStates, String state) {
        if (perExperiment) {
            Condition matches = RUN_COUNTS.STORAGE_STATE.in(storageStates)
                    .and(state == null ? noCondition() : RUN_COUNTS.STATE.eq(state));
            return dsl.select(sum(when(matches, RUN_COUNTS.RUN_COUNT).otherwise(0L)), count())
                    .from(RUN_COUNTS).where(RUN_COUNTS.NAMESPACE.eq(namespace));
        }
        Condition matches = RUN_NAMESPACE_COUNTS.STORAGE_STATE.in(storageStates)
                .and(state == null ? noCondition() : RUN_NAMESPACE_COUNTS.STATE.eq(state));
        return dsl.select(sum(when(matches, RUN_NAMESPACE_COUNTS.RUN_COUNT).otherwise(0L)), count())
                .from(RUN_NAMESPACE_COUNTS).where(RUN_NAMESPACE_COUNTS.NAMESPACE.eq(namespace));
    }

    private static String filterJson(String storageState, String state) {
        List<String> predicates = new ArrayList<>();
        if (storageState != null) {
            predicates.add("{\"key\":\"storage_state\",\"operation\":\"NOT_EQUALS\",\"string_value\":\"ARCHIVED\"}");
        }
        if (state != null) {
            predicates.add("{\"key\":\"state\",\"operation\":\"EQUALS\",\"string_value\":\"" + state + "\"}");
        }
        return predicates.isEmpty() ? null : "{\"predicates\":[" + String.join(",", predicates) + "]}";
    }

    private static String p50p99(ClosedLoopLatency latency) {
        return String.format("%.3f / %.3f", latency.millisAt(50), latency.millisAt(99));
    }
}
