package io.runstore.bench.suite;

import io.runstore.bench.lock.TimingLock;
import io.runstore.bench.eventlog.EventLogReadModelLoader;
import io.runstore.bench.listruns.LatencyComparison.Latency;
import io.runstore.bench.listruns.LatencyComparison;
import io.runstore.bench.report.Charts;
import io.runstore.bench.report.MachineInfo;
import io.runstore.bench.report.MarkdownTable;
import io.runstore.bench.runstore.QueryServer;
import io.runstore.query.listruns.ListRunsSystems;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.listruns.ListRunsAgreement;
import io.runstore.testsupport.listruns.ListRunsCase;
import io.runstore.testsupport.listruns.ListRunsCases;
import io.runstore.testsupport.listruns.ListRunsImplementation;
import io.runstore.testsupport.listruns.ListRunsPage;
import io.runstore.testsupport.listruns.ListRunsScope;
import io.runstore.testsupport.listruns.PageRequests;
import io.runstore.testsupport.listruns.RunPredicate;
import io.runstore.testsupport.listruns.RunSortKey;
import io.runstore.testsupport.readtables.ReadModelLoader;
import io.runstore.testsupport.runs.DataShape;
import io.runstore.testsupport.runs.LoadReport;
import io.runstore.testsupport.runs.RunGenerator;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * ListRuns side by side: for each database and data set size, the same generated runs loaded into KFP's tables and
 * runstore's, then every case ({@link ListRunsCases}) on its first page and on page 50 (reached by each implementation
 * paging with its own tokens; the last page when there are fewer; the profile may choose the cases and the deep
 * page), answered by KFP's original query, KFP's
 * PostgreSQL-port query, runstore's query side in-process (its SQL alone) and runstore's query API over HTTP. Each
 * page is first answered by all four and compared ({@link ListRunsAgreement}: different answers stop the run), then
 * timed in interleaved rounds.
 */
public final class ListRunsSection implements BenchmarkSection {

    /** How deep the query server's warm-up walks page through each case. */
    private static final int WARM_UP_DEPTH = 50;
    /** The cases by the name {@code --listruns-cases} knows them by. */
    private static final List<String> CASE_NAMES = List.of("active", "archived", "search", "experiment", "by-name");
    /** Positions in {@link ListRunsSystems#implementations()}. */
    private static final int KFP_ORIGINAL = 0;
    private static final int KFP_PORT = 1;
    private static final int RUNSTORE_SQL = 2;
    private static final int RUNSTORE_HTTP = 3;
    /** The ratios reported: each KFP query over each runstore variant. */
    private static final List<Ratio> RATIOS = List.of(new Ratio(KFP_ORIGINAL, RUNSTORE_SQL),
            new Ratio(KFP_PORT, RUNSTORE_SQL), new Ratio(KFP_ORIGINAL, RUNSTORE_HTTP), new Ratio(KFP_PORT, RUNSTORE_HTTP));

    private final ReadModelLoader.Factory runstoreLoader;

    /** runstore's read tables filled as in production: events appended to the event log, then projected. */
    public ListRunsSection() {
        this(EventLogReadModelLoader::new);
    }

    public ListRunsSection(ReadModelLoader.Factory runstoreLoader) {
        this.runstoreLoader = runstoreLoader;
    }

    /** p50 of a KFP implementation over p50 of a runstore one (positions in the implementations). */
    private record Ratio(int kfp, int runstore) {

        String label(List<String> names) {
            return names.get(kfp) + " / " + names.get(runstore);
        }
    }

    private record Measured(DatabaseKind database, int runs, ListRunsCase listRunsCase, int page, long totalSize,
                            List<Latency> latencies, List<ListRunsPage> answers) {

        double ratio(Ratio ratio) {
            return latencies.get(ratio.kfp()).p50Millis() / latencies.get(ratio.runstore()).p50Millis();
        }
    }

    private record Loaded(DatabaseKind database, int runs, String server, LoadReport kfp, LoadReport runstore,
                          long[] storageBytes, long namespaceRuns, long experimentRuns) {
    }

    @Override
    public String title() {
        return "ListRuns: KFP's queries and runstore's on the same runs";
    }

    @Override
    public String run(Profile profile, Path outputDirectory) throws Exception {
        List<Measured> measured = new ArrayList<>();
        List<Loaded> loaded = new ArrayList<>();
        Map<DatabaseKind, String> servers = new LinkedHashMap<>();
        List<String> names = List.of();
        for (DatabaseKind database : profile.databases()) {
            OptionalLong bytesPerRun = OptionalLong.empty();
            for (int runs : profile.sizes().stream().sorted().toList()) {
                RunGenerator generator = new RunGenerator(DataShape.of(runs));
                try (ListRunsSystems systems = ListRunsSystems.create(database, QueryServer::start)) {
                    String disk = DiskSpace.check(systems, runs, bytesPerRun, profile.diskMarginPercent());
                    progress("%s, %,d runs: loading KFP's tables and runstore's (%s, load average %s; disk: %s; "
                            + "databases %s)", database, runs, Instant.now(), MachineInfo.loadAverage(), disk,
                            systems.databaseUrls());
                    systems.load(generator, profile.threads(), runstoreLoader);
                    progress("  loaded (%s, load average %s, %s)", Instant.now(), MachineInfo.loadAverage(),
                            freeDisk(systems));
                    servers.put(database, systems.serverVersion());
                    long[] stored = systems.storageBytes();
                    bytesPerRun = OptionalLong.of((stored[0] + stored[1]) / runs);
                    progress("  on disk: KFP %,.0f MB, runstore %,.0f MB, %,d bytes per run; by table (KB per run, "
                            + "of it indexes):", stored[0] / 1e6, stored[1] / 1e6, bytesPerRun.getAsLong());
                    for (ListRunsSystems.TableBytes table : systems.storageByTable()) {
                        if (table.total() >= 1_000_000) {
                            progress("    %-8s %-28s %,10.1f %,10.1f", table.system(), table.table(),
                                    table.total() / 1e3 / runs, table.indexes() / 1e3 / runs);
                        }
                    }
                    progress("  loaded: KFP %.0f runs/s, runstore %.0f runs/s", systems.kfpLoad().runsPerSecond(),
                            systems.runstoreLoad().runsPerSecond());
                    TimingLock lock = profile.timingLock().isPresent()
                            ? TimingLock.acquire(profile.timingLock().get()) : null;
                    progress("  timing (%s, load average %s)", Instant.now(), MachineInfo.loadAverage());
                    List<ListRunsImplementation> implementations = systems.implementations();
                    names = implementations.stream().map(ListRunsImplementation::name).toList();
                    long namespaceRuns = 0;
                    long experimentRuns = 0;
                    List<ListRunsCase> cases = cases(database, generator, profile.listRuns().cases());
                    int warmUpCalls = warmUp(implementations.get(RUNSTORE_HTTP), cases,
                            profile.listRuns().serverWarmUpCalls());
                    progress("  query server warmed with %,d calls (%s)", warmUpCalls, Instant.now());
                    for (ListRunsCase listRunsCase : cases) {
                        List<PageRequests> pages = new ArrayList<>();
                        pages.add(PageRequests.first(listRunsCase, implementations.size()));
                        if (profile.listRuns().deepPage() > 0) {
                            pages.add(PageRequests.walk(implementations, listRunsCase, profile.listRuns().deepPage()));
                        }
                        for (PageRequests page : pages) {
                            List<ListRunsPage> answers = ListRunsAgreement.check(implementations, page.requests());
                            ListRunsPage agreed = answers.get(0);
                            List<Latency> latencies = LatencyComparison.measure(implementations, page,
                                    profile.budget(), profile.minRounds(), profile.maxRounds());
                            measured.add(new Measured(database, runs, listRunsCase, page.number(), agreed.totalSize(),
                                    latencies, answers));
                            if (page.number() == 1 && isTab(listRunsCase)) {
                                if (listRunsCase.scope().kind() == ListRunsScope.Kind.NAMESPACE) {
                                    namespaceRuns += agreed.totalSize();
                                } else {
                                    experimentRuns += agreed.totalSize();
                                }
                            }
                            progress("  %-62s page %2d: %s", listRunsCase, page.number(), summary(latencies, answers));
                        }
                    }
                    progress("  timed (%s, load average %s, %s)", Instant.now(), MachineInfo.loadAverage(),
                            freeDisk(systems));
                    if (lock != null) {
                        lock.close();
                    }
                    loaded.add(new Loaded(database, runs, systems.serverVersion(), systems.kfpLoad(),
                            systems.runstoreLoad(), systems.storageBytes(), namespaceRuns, experimentRuns));
                }
            }
        }
        return markdown(profile, outputDirectory, names, measured, loaded, servers);
    }

    /**
     * The UI's cases, and on MySQL/MariaDB the Active tab sorted by name: on PostgreSQL KFP orders names under the
     * database's collation (C.UTF-8 here: upper case first) and runstore case-insensitively, so their pages differ and
     * cannot be compared (ListRunsEquivalenceTest).
     */
    private static List<ListRunsCase> cases(DatabaseKind database, RunGenerator generator, Set<String> selected) {
        List<ListRunsCase> cases = new ArrayList<>(ListRunsCases.ui(generator.layout().primaryNamespace(),
                generator.layout().primaryExperiment()));
        if (database == DatabaseKind.MYSQL) {
            cases.add(ListRunsCases.nameSort(generator.layout().primaryNamespace()));
        }
        return selected.isEmpty() ? cases : cases.stream().filter(c -> selected.contains(caseName(c))).toList();
    }

    /** Fails naming the known cases when {@code names} holds another. */
    static void checkCaseNames(Set<String> names) {
        for (String name : names) {
            if (!CASE_NAMES.contains(name)) {
                throw new IllegalArgumentException("Unknown ListRuns case " + name + ": " + CASE_NAMES);
            }
        }
    }

    /** A case's name for {@code --listruns-cases}. */
    static String caseName(ListRunsCase listRunsCase) {
        return switch (shortLabel(listRunsCase)) {
            case "Active" -> "active";
            case "Archived" -> "archived";
            case "Active + search" -> "search";
            case "experiment" -> "experiment";
            case "Active, by name" -> "by-name";
            default -> throw new IllegalArgumentException("No name for the case " + listRunsCase);
        };
    }

    private static String freeDisk(ListRunsSystems systems) throws java.sql.SQLException {
        return DiskSpace.free(systems.dataDirectory()).map(bytes -> String.format("%.1f GB free", bytes / 1e9))
                .orElse("free disk unknown");
    }

    /**
     * Pages the query server through the cases, round after round, until it has answered at least {@code calls}
     * requests: it is a fresh JVM for each data set while the other three run in the warm benchmark JVM.
     *
     * @return the calls made
     */
    private static int warmUp(ListRunsImplementation server, List<ListRunsCase> cases, int calls) throws Exception {
        int made = 0;
        while (made < calls && !cases.isEmpty()) {
            for (ListRunsCase listRunsCase : cases) {
                // a walk to page n asks for pages 1 to n - 1 (or to n when n is the last)
                made += Math.max(1, PageRequests.walk(List.of(server), listRunsCase, WARM_UP_DEPTH).number() - 1);
            }
        }
        return made;
    }

    private String markdown(Profile profile, Path out, List<String> names, List<Measured> measured,
                            List<Loaded> loaded, Map<DatabaseKind, String> servers) throws Exception {
        StringBuilder text = new StringBuilder("## " + title() + "\n\n");
        text.append("""
                Each system lists the same generated runs (same ids, states, names, timestamps) from its own database on \
                the same server: KFP from its normalized tables (run_details with its 32 columns and 4 indexes, \
                resource_references, tasks, run_metrics), runstore from its read tables. The four implementations:

                - **%s**: KFP 2.x's query as released for MySQL: the page with all 32 columns, then three nested \
                LEFT JOIN + GROUP BY layers adding resource references, tasks and metrics as JSON arrays, the outer \
                select re-applying the page token and order; plus COUNT(*) for total_size, in one transaction.
                - **%s**: the query after KFP's PostgreSQL integration (PR #12379): the page on (UUID, created_at) \
                with `(CreatedAtInSec IS NULL) ASC` leading every ORDER BY, the children aggregated over the page, \
                INNER JOIN back to run_details; plus COUNT(*).
                - **%s**: runstore's query side (`RunLister`, the code behind the HTTP API) called in-process: a \
                keyset page of run_list (seek past the previous page's last (created_at, run_id), one index range scan \
                per storage state), total_size from run_counts where the counters cover the filter, COUNT(*) otherwise \
                (display_name IS_SUBSTRING); KFP's filter JSON, sort_by and signed page tokens as the API takes them.
                - **%s**: the same through the real server jar, a separate process with the query role only \
                (multi-user, bearer token) on runstore's database: `GET /apis/v2beta1/runs` with \
                namespace or experiment_id, filter, sort_by, page_size and page_token, over one kept-alive HTTP/1.1 \
                connection by a blocking client on the caller's thread (HttpURLConnection), the JSON answer parsed; \
                timed from the client. The server is started for each data set \
                and answers at least %,d calls (paging through the cases timed) before any timing.

                Sort: created_at descending (the UI's default), 20 runs a page; on MySQL/MariaDB also the Active tab \
                sorted by name, A to Z (`sort_by=name asc`; KFP: ORDER BY DisplayName, UUID). Each implementation \
                reaches the deep page (%s) by paging with its own tokens. Before timing, every page is answered by all \
                four and the answers compared (run ids in order, total_size, whether a next page exists), also on \
                every page on the way to the deep page: \
                they agree on every request below. Latency is the whole call as a client sees it, every row read; \
                rounds call the four in turn, so load from other processes on the machine hits them alike. Ratios are \
                p50 of KFP over p50 of runstore, in-process (SQL) and over HTTP.

                **Coordinated omission.** The rounds are a closed loop (the next call waits for the previous one), so a \
                stall delays the calls after it instead of being measured by them. Every p50 and p99 below is corrected \
                as HdrHistogram's `recordValueWithExpectedInterval` does (`copyCorrectedForCoordinatedOmission` of the \
                measured histogram), for a client that sends each implementation a request every interval of its own \
                uncorrected p50: a call k intervals long also counts the k - 1 requests that would have queued behind \
                it. Bytes per page: KFP, the characters of every value of every row its two statements return (what \
                its API server receives from the database before it writes the JSON); runstore over HTTP, the JSON \
                body the client receives.

                """.formatted(names.get(KFP_ORIGINAL), names.get(KFP_PORT), names.get(RUNSTORE_SQL),
                names.get(RUNSTORE_HTTP), profile.listRuns().serverWarmUpCalls(),
                profile.listRuns().deepPage() == 0 ? "none: first pages only" : "page " + profile.listRuns().deepPage()));
        servers.forEach((database, version) -> text.append("- ").append(database).append(": ").append(version).append('\n'));
        text.append("\n### Summary: how many times slower KFP answers (p50 ratio, geometric mean over all cases)\n\n");
        List<String> summaryHeaders = new ArrayList<>(List.of("database", "runs", "runs in namespace"));
        RATIOS.forEach(pair -> summaryHeaders.add(pair.label(names)));
        summaryHeaders.add(names.get(RUNSTORE_SQL) + " p50 ms (median case)");
        summaryHeaders.add(names.get(RUNSTORE_HTTP) + " p50 ms (median case)");
        MarkdownTable summary = new MarkdownTable(summaryHeaders.toArray(String[]::new))
                .numeric(1, 2, 3, 4, 5, 6, 7, 8);
        for (Loaded each : loaded) {
            List<Measured> cases = measured.stream()
                    .filter(m -> m.database() == each.database() && m.runs() == each.runs()).toList();
            List<Object> row = new ArrayList<>(List.of(each.database(), String.format("%,d", each.runs()),
                    String.format("%,d", each.namespaceRuns())));
            RATIOS.forEach(pair -> row.add(ratio(geometricMean(cases, pair))));
            for (int runstore : List.of(RUNSTORE_SQL, RUNSTORE_HTTP)) {
                row.add(millis(median(cases.stream().mapToDouble(m -> m.latencies().get(runstore).p50Millis())
                        .toArray())));
            }
            summary.row(row.toArray());
        }
        text.append(summary.render());
        List<String> charts = charts(profile, out, names, measured, loaded);
        text.append('\n');
        for (String chart : charts) {
            text.append("![").append(chart).append("](").append(chart).append(")\n\n");
        }
        for (Loaded each : loaded) {
            text.append(String.format("### %s, %,d runs (namespace: %,d runs, experiment: %,d Active runs); "
                            + "p50 / p99 corrected for coordinated omission%n%n",
                    each.database(), each.runs(), each.namespaceRuns(), each.experimentRuns()));
            List<String> headers = new ArrayList<>(List.of("scope", "filter", "page", "total_size"));
            names.forEach(name -> headers.add(name + " p50 / p99 ms"));
            RATIOS.forEach(pair -> headers.add(pair.label(names)));
            headers.add(names.get(KFP_ORIGINAL) + " bytes/page");
            headers.add(names.get(KFP_PORT) + " bytes/page");
            headers.add(names.get(RUNSTORE_HTTP) + " bytes/page");
            headers.add("rounds");
            MarkdownTable table = new MarkdownTable(headers.toArray(String[]::new))
                    .numeric(IntStream.range(2, headers.size()).toArray());
            for (Measured m : measured) {
                if (m.database() == each.database() && m.runs() == each.runs()) {
                    List<Object> row = new ArrayList<>(List.of(m.listRunsCase().scope(),
                            m.listRunsCase().filterLabel() + (m.listRunsCase().sort() == RunSortKey.CREATED_AT ? ""
                                    : ", sort_by " + m.listRunsCase().sortLabel()), m.page(),
                            String.format("%,d", m.totalSize())));
                    m.latencies().forEach(latency -> row.add(p50p99(latency)));
                    RATIOS.forEach(pair -> row.add(ratio(m.ratio(pair))));
                    for (int implementation : List.of(KFP_ORIGINAL, KFP_PORT, RUNSTORE_HTTP)) {
                        row.add(bytes(m.answers().get(implementation)));
                    }
                    row.add(m.latencies().get(RUNSTORE_SQL).samples());
                    table.row(row.toArray());
                }
            }
            text.append(table.render()).append('\n');
        }
        text.append("### Loading the data sets\n\n");
        text.append("""
                KFP: batched multi-row INSERTs from 2 threads, one transaction per batch, secondary indexes built \
                after the load; rows and text = rows and characters written (JSON, manifests, names). runstore: the \
                runs' events appended through the event store from 2 threads, then the read tables built from the \
                log by the product's `Rebuild` (`replay rebuild`: shadow tables filled by 2 lanes with the projector's \
                batch code, secondary indexes after, switched in), then checked (a run_list row per run, 20 run_task \
                rows per run, no dead letter); rows = events, text = characters of event payload; write s = appending \
                and rebuilding. Storage = the database's size on disk afterwards (runstore: event log and read tables).

                """);
        MarkdownTable loads = new MarkdownTable("database", "runs", "system", "rows", "text MB", "write s", "index s",
                "runs/s", "storage MB").numeric(1, 3, 4, 5, 6, 7, 8);
        for (Loaded each : loaded) {
            loadRow(loads, each, each.kfp(), each.storageBytes()[0]);
            loadRow(loads, each, each.runstore(), each.storageBytes()[1]);
        }
        text.append(loads.render());
        return text.toString();
    }

    private List<String> charts(Profile profile, Path out, List<String> names, List<Measured> measured,
                                List<Loaded> loaded) throws Exception {
        List<String> files = new ArrayList<>();
        int largest = profile.sizes().stream().mapToInt(Integer::intValue).max().orElseThrow();
        for (DatabaseKind database : profile.databases()) {
            List<Charts.Line> lines = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                for (boolean deep : List.of(false, true)) {
                    List<Charts.Point> points = new ArrayList<>();
                    for (Measured m : measured) {
                        if (m.database() == database && isActiveTabInNamespace(m.listRunsCase()) && (m.page() > 1) == deep) {
                            points.add(new Charts.Point(m.runs(), Math.max(0.001, m.latencies().get(i).p50Millis())));
                        }
                    }
                    lines.add(new Charts.Line(names.get(i) + (deep ? ", deep page" : ", first page"), i, deep, points));
                }
            }
            String file = profile.name() + "-listruns-latency-" + database.name().toLowerCase() + ".png";
            Charts.logLogLines(out.resolve(file), "ListRuns p50, " + label(database)
                            + ": namespace, Active tab (storage_state != ARCHIVED)",
                    "runs in the data set", "p50 latency (ms)", lines);
            files.add(file);
        }
        for (DatabaseKind database : profile.databases()) {
            Map<String, Map<String, Double>> byCase = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                Map<String, Double> p50s = new LinkedHashMap<>();
                for (Measured m : measured) {
                    if (m.database() == database && m.runs() == largest) {
                        p50s.put(shortLabel(m.listRunsCase()) + ", p. " + m.page(),
                                Math.max(0.001, m.latencies().get(i).p50Millis()));
                    }
                }
                byCase.put(names.get(i), p50s);
            }
            if (byCase.values().stream().anyMatch(values -> !values.isEmpty())) {
                String file = profile.name() + "-listruns-" + largest / 1000 + "k-cases-"
                        + database.name().toLowerCase() + ".png";
                Charts.bars(out.resolve(file), String.format("ListRuns p50 (ms, corrected for coordinated omission, "
                        + "log scale), %,d runs, %s", largest, label(database)), "p50 ms", byCase, true);
                files.add(file);
            }
        }
        Map<String, Map<String, Double>> throughput = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Map<String, Double> byDatabase = new LinkedHashMap<>();
            for (Measured m : measured) {
                if (m.runs() == largest && isActiveTabInNamespace(m.listRunsCase()) && m.page() == 1) {
                    byDatabase.put(label(m.database()), 1000.0 / m.latencies().get(i).p50Millis());
                }
            }
            throughput.put(names.get(i), byDatabase);
        }
        String throughputFile = profile.name() + "-listruns-throughput.png";
        Charts.bars(out.resolve(throughputFile), String.format(
                "ListRuns per second, one client, %,d runs (Active tab, first page)", largest),
                "ListRuns / s", throughput, false);
        files.add(throughputFile);
        Map<String, Map<String, Double>> loading = new LinkedHashMap<>();
        loading.put("KFP", new LinkedHashMap<>());
        loading.put("runstore", new LinkedHashMap<>());
        for (Loaded each : loaded) {
            if (each.runs() == largest) {
                loading.get("KFP").put(label(each.database()), each.kfp().runsPerSecond());
                loading.get("runstore").put(label(each.database()), each.runstore().runsPerSecond());
            }
        }
        String loadFile = profile.name() + "-load-throughput.png";
        Charts.bars(out.resolve(loadFile), String.format("Bulk load of %,d generated runs (2 threads)", largest),
                "runs / s", loading, false);
        files.add(loadFile);
        return files;
    }

    /** The UI's name for a case: the tab, the search, the experiment page. */
    private static String shortLabel(ListRunsCase listRunsCase) {
        boolean archived = listRunsCase.filter().stream().anyMatch(p -> p.key() == RunPredicate.Key.STORAGE_STATE
                && p.operation() == RunPredicate.Operation.EQUALS);
        boolean search = listRunsCase.filter().stream().anyMatch(p -> p.key() == RunPredicate.Key.DISPLAY_NAME);
        String tab = listRunsCase.scope().kind() == ListRunsScope.Kind.EXPERIMENT ? "experiment"
                : archived ? "Archived" : "Active";
        String label = search ? tab + " + search" : tab;
        return listRunsCase.sort() == RunSortKey.NAME ? label + ", by name" : label;
    }

    /** The Active or Archived tab without a search, newest first: together they count every run of the scope. */
    private static boolean isTab(ListRunsCase listRunsCase) {
        return listRunsCase.filter().size() == 1 && listRunsCase.sort() == RunSortKey.CREATED_AT
                && listRunsCase.filter().get(0).key() == RunPredicate.Key.STORAGE_STATE;
    }

    private static boolean isActiveTabInNamespace(ListRunsCase listRunsCase) {
        return listRunsCase.scope().kind() == ListRunsScope.Kind.NAMESPACE && isTab(listRunsCase);
    }

    private static void loadRow(MarkdownTable table, Loaded each, LoadReport report, long storage) {
        table.row(each.database(), String.format("%,d", each.runs()), report.system(), String.format("%,d", report.rows()),
                String.format("%,.0f", report.textBytes() / 1e6), String.format("%.1f", report.writing().toMillis() / 1000.0),
                String.format("%.1f", report.indexing().toMillis() / 1000.0), String.format("%,.0f", report.runsPerSecond()),
                String.format("%,.0f", storage / 1e6));
    }

    private static String label(DatabaseKind database) {
        return database == DatabaseKind.POSTGRESQL ? "PostgreSQL" : "MySQL/MariaDB";
    }

    private static double geometricMean(List<Measured> cases, Ratio ratio) {
        return Math.exp(cases.stream().mapToDouble(m -> Math.log(m.ratio(ratio))).average().orElse(0));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    private static String summary(List<Latency> latencies, List<ListRunsPage> answers) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < latencies.size(); i++) {
            Latency latency = latencies.get(i);
            text.append(String.format("%s %s / %s ms (uncorrected p99 %s, %d calls, %s B)  ",
                    latency.implementation(), millis(latency.p50Millis()), millis(latency.p99Millis()),
                    millis(latency.measuredP99Millis()), latency.samples(), bytes(answers.get(i))));
        }
        return text.toString().trim();
    }

    private static String bytes(ListRunsPage page) {
        return page.bytes().isPresent() ? String.format("%,d", page.bytes().getAsLong()) : "—";
    }

    private static String p50p99(Latency latency) {
        return millis(latency.p50Millis()) + " / " + millis(latency.p99Millis());
    }

    private static String millis(double value) {
        return value >= 100 ? String.format("%,.0f", value) : value >= 10 ? String.format("%.1f", value)
                : String.format("%.2f", value);
    }

    private static String ratio(double value) {
        return String.format(value >= 10 ? "%.0f×" : "%.1f×", value);
    }

    private static void progress(String format, Object... args) {
        System.out.printf(format + "%n", args);
    }
}
