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
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.runstore.readtables.schema.Tables.RUN_LIST;

/**
 * The name search (ListRuns of a namespace's Active tab with {@code display_name IS_SUBSTRING <text>}, the UI's
 * search box) with the read tables' code and schema on the classpath: the COUNT(*) RunLister runs for total_size,
 * planned for its values (a static statement: no cached generic plan), and the whole first page through
 * {@link RunLister}, for a common text ({@code xgboost}, one name in twelve), a rare one (a run's 5-hex suffix) and
 * one of two letters (no trigram in it). The database ({@code --database}, on the local server of {@code --kind}) is
 * migrated by the classpath's {@link ReadTablesSchema}, loaded once with {@link RunListRows} (two namespaces, names
 * as {@link RunNames} writes them) and kept, so that processes with another build's jars before this module's (a
 * baseline: {@code java -cp runstore-bench.jar:test-support.jar:<baseline classpath>}) measure their own database of
 * the same rows, alternating with this build's. One caller, latencies corrected for coordinated omission.
 * <p>
 * {@code NameSearchBenchmark --database=NAME [--runs=200000] [--calls=200] [--kind=postgresql]}; the caller drops
 * the database.
 */
public final class NameSearchBenchmark {

    private static final int WARM_UP_CALLS = 50;
    private static final int PAGE_SIZE = 20;
    private static final String NAMESPACE = "team-0";
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
        String name = null;
        DatabaseKind kind = DatabaseKind.POSTGRESQL;
        for (String arg : args) {
            if (arg.startsWith("--runs=")) {
                runs = Integer.parseInt(arg.substring(7));
            } else if (arg.startsWith("--calls=")) {
                calls = Integer.parseInt(arg.substring(8));
            } else if (arg.startsWith("--database=")) {
                name = arg.substring(11);
            } else if (arg.startsWith("--kind=")) {
                kind = DatabaseKinds.parse(arg.substring(7)).get(0);
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("--database=NAME is required (kept for the next process)");
        }
        TestDatabase database = TestDatabases.named(kind, name);
        try (HikariDataSource dataSource = database.newDataSource(4)) {
            Flyway flyway = ReadTablesSchema.flyway(dataSource, database.dialect());
            flyway.migrate();
            String schema = "V" + flyway.info().current().getVersion().getVersion();
            DSLContext dsl = DSL.using(dataSource, database.dialect(), new Settings().withExecuteLogging(false));
            String loaded = "kept";
            if (dsl.fetchCount(RUN_LIST) == 0) {
                RunListRows.Layout layout = new RunListRows.Layout(2, 200, Integer.MAX_VALUE,
                        RunListRows.Layout.ONE_NAMESPACE.states());
                loaded = String.format("loaded in %.1f s", RunListRows.load(dsl, runs, 2, layout, RunNames::of)
                        .toMillis() / 1000.0);
            }
            RunLister lister = new RunLister(QueryDsl.of(dsl, Duration.ofSeconds(10)),
                    new PageTokens("bench".getBytes(StandardCharsets.UTF_8)));
            DSLContext inlined = DSL.using(dataSource, database.dialect(), new Settings().withExecuteLogging(false)
                    .withStatementType(StatementType.STATIC_STATEMENT));
            MarkdownTable table = new MarkdownTable("schema", "term", "matches", "COUNT p50 / p99",
                    "ListRuns first page p50 / p99").numeric(2, 3, 4);
            StringBuilder plans = new StringBuilder();
            for (String[] term : List.of(new String[]{"common", "xgboost"}, new String[]{"rare", rareTerm()},
                    new String[]{"two letters", "of"})) {
                Listing.Parameters page = new Listing.Parameters(filterJson(term[1]), "created_at desc", "sort_by",
                        null);
                long total = lister.list(RunScope.namespace(NAMESPACE), page, PAGE_SIZE, RunViewMode.DEFAULT)
                        .totalSize();
                if (total != count(inlined, term[1])) {
                    throw new IllegalStateException("total_size " + total + " is not the COUNT's");
                }
                List<ClosedLoopLatency> times = time(List.of(() -> count(inlined, term[1]),
                        () -> lister.list(RunScope.namespace(NAMESPACE), page, PAGE_SIZE, RunViewMode.DEFAULT)),
                        calls);
                table.row(schema, term[0] + " `" + term[1] + "`", String.format("%,d", total), p50p99(times.get(0)),
                        p50p99(times.get(1)));
                plans.append(String.format("%n%s, `%s`, the COUNT:%n%n```%n%s%n```%n", schema, term[1],
                        explain(dsl, term[1])));
            }
            return String.format("%n## %s, %s (%s)%n%n`NameSearchBenchmark --database=%s --runs=%d --calls=%d`, "
                            + "%s, load average (1/5/15 min) at start %s. %,d runs (%s), %,d in %s; its Active tab "
                            + "(storage_state NOT_EQUALS ARCHIVED) sorted by created_at desc, pages of %d. Each call "
                            + "warmed %d times, then %d calls of each, alternating; milliseconds as the caller sees "
                            + "them, one caller, %s.%n%n%s%s%nLoad average at the end: %s.%n", schema, kind,
                    database.dialect(), name, runs, calls, MachineInfo.read().date(), MachineInfo.loadAverage(),
                    dsl.fetchCount(RUN_LIST), loaded, dsl.fetchCount(RUN_LIST, RUN_LIST.NAMESPACE.eq(NAMESPACE)),
                    NAMESPACE, PAGE_SIZE, WARM_UP_CALLS, calls, ClosedLoopLatency.METHOD, table.render(), plans,
                    MachineInfo.loadAverage());
        }
    }

    /** The statement RunLister runs for this page's total_size (the counters do not cover a name filter). */
    private static long count(DSLContext dsl, String term) {
        return dsl.fetchCount(RUN_LIST, RUN_LIST.NAMESPACE.eq(NAMESPACE).and(RUN_LIST.STORAGE_STATE.eq("AVAILABLE"))
                .and(RUN_LIST.DISPLAY_NAME_KEY.contains(NameKey.of(term))));
    }

    private static String explain(DSLContext dsl, String term) {
        var count = dsl.selectCount().from(RUN_LIST).where(RUN_LIST.NAMESPACE.eq(NAMESPACE))
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
