package io.runstore.bench.query;

import com.zaxxer.hikari.HikariDataSource;
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
import io.runstore.readtables.NameKey;
import io.runstore.readtables.ReadTablesSchema;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import io.runstore.testsupport.readtables.RunListRows;
import io.runstore.testsupport.runs.RunNames;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.runstore.readtables.schema.Tables.RUN_LIST;

/**
 * The name search (ListRuns of a namespace's Active tab with {@code display_name IS_SUBSTRING <text>}, the UI's
 * search box) on the read tables at an earlier schema version (the baseline, {@code --baseline-version}, before the
 * trigram index of V11 on PostgreSQL) against the current one: two databases on the same server loaded with the same
 * run_list ({@link RunListRows}, two namespaces, names as {@link RunNames} writes them), the COUNT(*) RunLister runs
 * for total_size and the whole first page through {@link RunLister}, the calls to the two alternating, for a common
 * term ({@code xgboost}, about one name in twelve), a rare one (a run's 5-hex suffix) and a two-letter one (no
 * trigram in it). Each statement's plan is shown. One caller, latencies corrected for coordinated omission.
 * <p>
 * {@code NameSearchBenchmark [--runs=200000] [--calls=200] [--databases=postgresql] [--baseline-version=10.1]
 * [--out=DIR]}; writes {@code DIR/name-search.md} with {@code --out}. The databases are dropped at exit.
 */
public final class NameSearchBenchmark {

    private static final int WARM_UP_CALLS = 50;
    private static final int PAGE_SIZE = 20;
    private static final Pattern HEX_SUFFIX = Pattern.compile("\\(([0-9a-f]{5})\\)$");

    private NameSearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.print(report(args));
        System.exit(0);
    }

    public static String report(String[] args) throws Exception {
        int runs = 200_000;
        int calls = 200;
        String baselineVersion = "10.1";
        List<DatabaseKind> kinds = List.of(DatabaseKind.POSTGRESQL);
        Path out = null;
        for (String arg : args) {
            if (arg.startsWith("--runs=")) {
                runs = Integer.parseInt(arg.substring(7));
            } else if (arg.startsWith("--calls=")) {
                calls = Integer.parseInt(arg.substring(8));
            } else if (arg.startsWith("--databases=")) {
                kinds = DatabaseKinds.parse(arg.substring(12));
            } else if (arg.startsWith("--baseline-version=")) {
                baselineVersion = arg.substring(19);
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring(6));
            }
        }
        MachineInfo machine = MachineInfo.read();
        StringBuilder report = new StringBuilder("# Name search: ListRuns with display_name IS_SUBSTRING\n\n")
                .append(String.format("`NameSearchBenchmark --runs=%d --calls=%d --baseline-version=%s`, %s, %d cores "
                                + "(%s), load average (1/5/15 min) at start %s. %,d runs in two namespaces, 10 %% "
                                + "archived; the Active tab of one namespace (storage_state NOT_EQUALS ARCHIVED), "
                                + "sorted by created_at desc, pages of %d. Each call warmed %d times, then %d calls "
                                + "of each, alternating; milliseconds as the caller sees them, one caller, %s.%n",
                        runs, calls, baselineVersion, machine.date(), machine.cores(), machine.cpu(),
                        MachineInfo.loadAverage(), runs, PAGE_SIZE, WARM_UP_CALLS, calls, ClosedLoopLatency.METHOD));
        for (DatabaseKind kind : kinds) {
            try (Loaded baseline = load(kind, runs, baselineVersion); Loaded current = load(kind, runs, null)) {
                report.append(compare(kind, baseline, current, calls));
            }
        }
        report.append("\nLoad average at the end: ").append(MachineInfo.loadAverage()).append(".\n");
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("name-search.md"), report, StandardCharsets.UTF_8);
        }
        return report.toString();
    }

    /** One loaded database and what reads it. */
    private record Loaded(String schema, HikariDataSource dataSource, DSLContext dsl, RunLister lister,
                          Duration loadTime) implements AutoCloseable {
        @Override
        public void close() {
            dataSource.close();
        }
    }

    /** A database migrated up to {@code version} (null: every migration), loaded with the runs. */
    private static Loaded load(DatabaseKind kind, int runs, String version) throws Exception {
        TestDatabase database = TestDatabases.create(kind);
        HikariDataSource dataSource = database.newDataSource(4);
        try {
            Flyway flyway = ReadTablesSchema.flyway(dataSource, database.dialect());
            if (version != null) {
                flyway = Flyway.configure().configuration(flyway.getConfiguration()).target(version).load();
            }
            flyway.migrate();
            String schema = flyway.info().current().getVersion().getVersion();
            DSLContext dsl = DSL.using(dataSource, database.dialect(), new Settings().withExecuteLogging(false));
            RunListRows.Layout layout = new RunListRows.Layout(2, 200, Integer.MAX_VALUE,
                    RunListRows.Layout.ONE_NAMESPACE.states());
            Duration loaded = RunListRows.load(dsl, runs, 2, layout, RunNames::of);
            RunLister lister = new RunLister(QueryDsl.of(dsl, Duration.ofSeconds(10)),
                    new PageTokens("bench".getBytes(StandardCharsets.UTF_8)));
            return new Loaded(schema, dataSource, dsl, lister, loaded);
        } catch (Exception | Error e) {
            dataSource.close();
            throw e;
        }
    }

    private static String compare(DatabaseKind kind, Loaded baseline, Loaded current, int calls) {
        String namespace = "team-0";
        List<String[]> terms = List.of(new String[]{"common", "xgboost"}, new String[]{"rare", rareTerm()},
                new String[]{"two letters", "of"});
        MarkdownTable table = new MarkdownTable("term", "matches (total_size)",
                "COUNT p50 / p99: V" + baseline.schema() + " / V" + current.schema(), "ratio (p50)",
                "ListRuns first page p50 / p99: V" + baseline.schema() + " / V" + current.schema(), "ratio (p50)")
                .numeric(1, 2, 3, 4, 5);
        StringBuilder plans = new StringBuilder();
        for (String[] term : terms) {
            Listing.Parameters page = new Listing.Parameters(filterJson(term[1]), "created_at desc", "sort_by",
                    null);
            List<Supplier<Object>> alternating = new ArrayList<>();
            long[] totals = new long[2];
            int i = 0;
            for (Loaded data : List.of(baseline, current)) {
                alternating.add(() -> count(data.dsl(), namespace, term[1]));
                totals[i++] = data.lister().list(RunScope.namespace(namespace), page, PAGE_SIZE,
                        RunViewMode.DEFAULT).totalSize();
            }
            if (totals[0] != totals[1] || totals[0] != count(baseline.dsl(), namespace, term[1])) {
                throw new IllegalStateException("The totals disagree for " + term[1] + ": " + totals[0] + ", "
                        + totals[1]);
            }
            for (Loaded data : List.of(baseline, current)) {
                alternating.add(() -> data.lister().list(RunScope.namespace(namespace), page, PAGE_SIZE,
                        RunViewMode.DEFAULT));
            }
            List<ClosedLoopLatency> times = time(alternating, calls);
            table.row(term[0] + " `" + term[1] + "`", String.format("%,d", totals[0]),
                    p50p99(times.get(0)) + " / " + p50p99(times.get(1)),
                    String.format("%.2f", times.get(1).millisAt(50) / times.get(0).millisAt(50)),
                    p50p99(times.get(2)) + " / " + p50p99(times.get(3)),
                    String.format("%.2f", times.get(3).millisAt(50) / times.get(2).millisAt(50)));
            for (Loaded data : List.of(baseline, current)) {
                plans.append(String.format("%nV%s, `%s`, the COUNT:%n%n```%n%s%n```%n", data.schema(), term[1],
                        explain(data.dsl(), namespace, term[1])));
            }
        }
        return String.format("%n## %s (%s)%n%n%,d runs loaded in %.1f s (V%s) and %.1f s (V%s); %,d in %s. "
                        + "ratio: V%s over V%s.%n%n%s%n### Plans (EXPLAIN ANALYZE, after the timed calls)%n%s",
                kind, baseline.dsl().dialect(), baseline.dsl().fetchCount(RUN_LIST),
                baseline.loadTime().toMillis() / 1000.0, baseline.schema(), current.loadTime().toMillis() / 1000.0,
                current.schema(), baseline.dsl().fetchCount(RUN_LIST, RUN_LIST.NAMESPACE.eq(namespace)), namespace,
                current.schema(), baseline.schema(), table.render(), plans);
    }

    /** The statement RunLister runs for this page's total_size (the counters do not cover a name filter). */
    private static long count(DSLContext dsl, String namespace, String term) {
        return dsl.fetchCount(RUN_LIST, RUN_LIST.NAMESPACE.eq(namespace).and(RUN_LIST.STORAGE_STATE.eq("AVAILABLE"))
                .and(RUN_LIST.DISPLAY_NAME_KEY.contains(NameKey.of(term))));
    }

    private static String explain(DSLContext dsl, String namespace, String term) {
        var count = dsl.selectCount().from(RUN_LIST).where(RUN_LIST.NAMESPACE.eq(namespace))
                .and(RUN_LIST.STORAGE_STATE.eq("AVAILABLE")).and(RUN_LIST.DISPLAY_NAME_KEY.contains(NameKey.of(term)));
        String prefix = dsl.dialect().family() == SQLDialect.POSTGRES ? "EXPLAIN (ANALYZE, BUFFERS) " : "ANALYZE ";
        return String.join("\n", dsl.resultQuery(prefix + "{0}", count).fetch().stream()
                .map(row -> row.intoList().stream().map(String::valueOf).reduce((a, b) -> a + " | " + b)
                        .orElse(""))
                .toList());
    }

    /** The 5-hex suffix of a run's name: one or two runs among 200,000 have it. */
    private static String rareTerm() {
        for (int index = 100_000; ; index++) {
            Matcher suffix = HEX_SUFFIX.matcher(RunNames.of(index));
            if (suffix.find()) {
                return suffix.group(1);
            }
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

    private static String filterJson(String term) {
        return "{\"predicates\":[{\"key\":\"storage_state\",\"operation\":\"NOT_EQUALS\",\"string_value\":\"ARCHIVED\"},"
                + "{\"key\":\"display_name\",\"operation\":\"IS_SUBSTRING\",\"string_value\":\"" + term + "\"}]}";
    }

    private static String p50p99(ClosedLoopLatency latency) {
        return String.format("%.2f / %.2f", latency.millisAt(50), latency.millisAt(99));
    }
}
