package io.runstore.query.listruns;

import io.runstore.readtables.NameKey;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.listruns.ListRunsAgreement;
import io.runstore.testsupport.listruns.ListRunsCase;
import io.runstore.testsupport.listruns.ListRunsCases;
import io.runstore.testsupport.listruns.ListRunsImplementation;
import io.runstore.testsupport.listruns.ListRunsPage;
import io.runstore.testsupport.listruns.ListRunsRequest;
import io.runstore.testsupport.listruns.ListRunsScope;
import io.runstore.testsupport.listruns.PageRequests;
import io.runstore.testsupport.listruns.RunPredicate;
import io.runstore.testsupport.listruns.RunSortKey;
import io.runstore.testsupport.readtables.DirectReadModelLoader;
import io.runstore.testsupport.runs.DataShape;
import io.runstore.testsupport.runs.GeneratedRun;
import io.runstore.testsupport.runs.RunGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The four ListRuns implementations the benchmark compares (KFP's original query, KFP's PostgreSQL-port query,
 * runstore's query side in-process, runstore's query API over HTTP) return the same pages for every benchmark case,
 * in both sort directions: every page, as each one pages with its own next-page starts (KFP's position, runstore's
 * signed tokens), equals the page cut from an in-memory listing of the generated runs, with the same total_size. The
 * runs come from the generator the benchmark uses; the HTTP API is the query role in this JVM (the benchmark times the
 * server jar). Run once per database. One exception: sorted by name on PostgreSQL, KFP's pages follow the database's
 * collation and are checked against KFP's own one-statement listing (see the name sort's test).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ListRunsEquivalenceTest {

    private static final RunGenerator GENERATOR = new RunGenerator(DataShape.of(400));

    private ListRunsSystems systems;

    abstract DatabaseKind kind();

    @BeforeAll
    void load() throws Exception {
        systems = ListRunsSystems.load(kind(), GENERATOR, 2, DirectReadModelLoader::of, InProcessQueryApi::start);
    }

    @AfterAll
    void dropTables() {
        if (systems != null) {
            systems.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyPageOfEveryCaseIsTheSameInAllFour() {
        return cases().flatMap(listRunsCase -> Stream.of(true, false).map(descending -> DynamicTest.dynamicTest(
                listRunsCase + (descending ? ", newest first" : ", oldest first"),
                () -> assertEveryPageMatches(listRunsCase, descending))));
    }

    @TestFactory
    Stream<DynamicTest> aDeepPageReachedByEachWithItsOwnTokensIsTheSameInAllFour() {
        return cases().filter(this::allFourSortAlike).map(listRunsCase -> DynamicTest.dynamicTest(
                listRunsCase.toString(), () -> {
                    List<ListRunsImplementation> implementations = systems.implementations();
                    PageRequests deep = PageRequests.walk(implementations, listRunsCase, 4);
                    List<ListRunsPage> pages = ListRunsAgreement.check(implementations, deep.requests());
                    List<List<String>> expected = pages(runstoreOrder(listRunsCase, listRunsCase.descending()));
                    assertThat(deep.number()).isEqualTo(Math.min(4, expected.size()));
                    for (ListRunsPage page : pages) {
                        assertThat(page.runIds()).isEqualTo(expected.get(deep.number() - 1));
                    }
                }));
    }

    /**
     * runstore sorts names case-insensitively on both databases; KFP under its column's collation: utf8mb4's default
     * on MySQL/MariaDB, case-insensitive and here the same order as runstore's; on PostgreSQL the database's default
     * collation (C.UTF-8 on this machine's server: upper case first, so there KFP's pages differ from runstore's).
     */
    @Test
    void kfpSortsNamesUnderItsDatabasesCollationAndRunstoreCaseInsensitively() throws Exception {
        ListRunsCase byName = ListRunsCases.nameSort(GENERATOR.layout().primaryNamespace());
        List<String> runstore = runstoreOrder(byName, false);
        List<String> caseSensitive = inMemoryOrder(byName, false,
                Comparator.comparing(GeneratedRun::displayName).thenComparing(GeneratedRun::runId));
        assertThat(runstore).as("the data set mixes cases: the two orders differ").isNotEqualTo(caseSensitive);

        List<String> kfp = kfpOneStatement(byName.firstPage());
        assertThat(kfp).isEqualTo(kind() == DatabaseKind.MYSQL ? runstore : databaseOrder(byName));
    }

    @Test
    void implementationsThatDisagreeAreRefused() throws Exception {
        List<ListRunsImplementation> implementations = systems.implementations();
        ListRunsCase namespace = cases().findFirst().orElseThrow();
        ListRunsCase experiment = cases().filter(c -> c.scope().kind() == ListRunsScope.Kind.EXPERIMENT)
                .findFirst().orElseThrow();
        List<ListRunsRequest> requests = new ArrayList<>(Collections.nCopies(implementations.size(),
                namespace.firstPage()));
        requests.set(3, experiment.firstPage());
        assertThatThrownBy(() -> ListRunsAgreement.check(implementations, requests))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("runstore (HTTP)");
    }

    @Test
    void kfpAndTheHttpClientSayHowManyBytesCarriedAPage() throws Exception {
        List<ListRunsImplementation> implementations = systems.implementations();
        List<ListRunsPage> pages = ListRunsAgreement.check(implementations,
                PageRequests.first(cases().findFirst().orElseThrow(), implementations.size()).requests());
        // KFP's rows carry the manifests; the HTTP answer is runstore's JSON; the in-process lister sees no bytes
        assertThat(pages.get(0).bytes().orElseThrow()).isGreaterThan(20L * 10_000);
        assertThat(pages.get(1).bytes().orElseThrow()).isGreaterThan(20L * 10_000);
        assertThat(pages.get(2).bytes()).isEmpty();
        assertThat(pages.get(3).bytes().orElseThrow()).isGreaterThan(20L * 100);
    }

    @Test
    void theTablesOfBothSystemsAreMeasuredOnDisk() throws Exception {
        List<ListRunsSystems.TableBytes> tables = systems.storageByTable();
        long[] stored = systems.storageBytes();

        assertThat(tables).anySatisfy(table -> {
            assertThat(table.system()).isEqualTo("KFP");
            assertThat(table.table()).isEqualToIgnoringCase("run_details");
            // 400 runs, each with its manifests
            assertThat(table.total()).isGreaterThan(400L * 5_000);
        });
        assertThat(tables).anySatisfy(table -> {
            assertThat(table.system()).isEqualTo("runstore");
            assertThat(table.table()).isEqualToIgnoringCase("run_list");
            assertThat(table.indexes()).isPositive().isLessThan(table.total());
        });
        for (int system = 0; system < 2; system++) {
            String name = system == 0 ? "KFP" : "runstore";
            long tablesTotal = tables.stream().filter(table -> table.system().equals(name))
                    .mapToLong(ListRunsSystems.TableBytes::total).sum();
            assertThat(stored[system]).as(name).isGreaterThanOrEqualTo(tablesTotal);
        }
    }

    /** The server runs multi-user, so the namespace parameter scopes the listing (single-user ignores it). */
    @Test
    void theQueryServerReadsOnlyTheNamespacesItsPrincipalMay() {
        ListRunsImplementation http = systems.implementations().get(3);
        ListRunsRequest elsewhere = new ListRunsRequest(ListRunsScope.namespace("not-a-bench-namespace"), List.of(),
                true, ListRunsCase.PAGE_SIZE, null);
        assertThatThrownBy(() -> http.list(elsewhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("answered 403");
    }

    private void assertEveryPageMatches(ListRunsCase listRunsCase, boolean descending) throws Exception {
        ListRunsRequest first = new ListRunsRequest(listRunsCase.scope(), listRunsCase.filter(), listRunsCase.sort(),
                descending, ListRunsCase.PAGE_SIZE, null);
        List<String> runstoreOrder = runstoreOrder(listRunsCase, descending);
        for (ListRunsImplementation implementation : systems.implementations()) {
            boolean kfp = implementation.name().startsWith("KFP");
            // KFP's own order where it sorts otherwise: its query without page tokens, all runs in one page
            List<String> expected = kfp && !allFourSortAlike(listRunsCase) ? kfpOneStatement(first) : runstoreOrder;
            List<List<String>> pages = new ArrayList<>();
            ListRunsRequest request = first;
            while (request != null) {
                ListRunsPage page = implementation.list(request);
                assertThat(page.totalSize()).as(implementation.name() + " total_size").isEqualTo(expected.size());
                pages.add(page.runIds());
                request = page.next() == null ? null : request.startingAt(page.next());
            }
            assertThat(pages).as(implementation.name() + " pages").isEqualTo(pages(expected));
        }
    }

    private Stream<ListRunsCase> cases() {
        String namespace = GENERATOR.layout().primaryNamespace();
        String experiment = GENERATOR.layout().primaryExperiment();
        return Stream.of(ListRunsCases.standard(namespace, experiment).stream(),
                ListRunsCases.ui(namespace, experiment).stream(),
                Stream.of(ListRunsCases.nameSort(namespace))).flatMap(cases -> cases).distinct();
    }

    /** Whether KFP's queries order this case's runs as runstore does (names: see the name sort's test). */
    private boolean allFourSortAlike(ListRunsCase listRunsCase) {
        return listRunsCase.sort() != RunSortKey.NAME || kind() == DatabaseKind.MYSQL;
    }

    /** KFP's original statement asked for every run of the request in one page. */
    private List<String> kfpOneStatement(ListRunsRequest request) throws Exception {
        ListRunsRequest all = new ListRunsRequest(request.scope(), request.filter(), request.sort(),
                request.descending(), GENERATOR.shape().runs() + 1, null);
        return systems.implementations().get(0).list(all).runIds();
    }

    /** The case's runs ordered by name (then id) as the database's default collation orders texts. */
    private List<String> databaseOrder(ListRunsCase byName) throws Exception {
        Map<String, String> names = GENERATOR.runs()
                .collect(Collectors.toMap(GeneratedRun::runId, GeneratedRun::displayName));
        Map<String, String> ofCase = new LinkedHashMap<>();
        inMemoryOrder(byName, false, Comparator.comparing(GeneratedRun::runId))
                .forEach(id -> ofCase.put(id, names.get(id)));
        return systems.orderedByKfpCollation(ofCase);
    }

    /** The case's run ids as runstore lists them, from the generated runs in memory. */
    private static List<String> runstoreOrder(ListRunsCase listRunsCase, boolean descending) {
        Comparator<GeneratedRun> order = listRunsCase.sort() == RunSortKey.NAME
                ? Comparator.comparing((GeneratedRun run) -> NameKey.of(run.displayName()))
                .thenComparing(GeneratedRun::runId)
                : Comparator.comparing(GeneratedRun::createdAt).thenComparing(GeneratedRun::runId);
        return inMemoryOrder(listRunsCase, descending, order);
    }

    private static List<String> inMemoryOrder(ListRunsCase listRunsCase, boolean descending,
                                              Comparator<GeneratedRun> order) {
        return GENERATOR.runs()
                .filter(run -> inScope(run, listRunsCase.scope()))
                .filter(run -> listRunsCase.filter().stream().allMatch(predicate -> matches(run, predicate)))
                .sorted(descending ? order.reversed() : order)
                .map(GeneratedRun::runId)
                .toList();
    }

    private static boolean inScope(GeneratedRun run, ListRunsScope scope) {
        return scope.kind() == ListRunsScope.Kind.NAMESPACE
                ? run.namespace().equals(scope.id()) : run.experimentId().equals(scope.id());
    }

    private static boolean matches(GeneratedRun run, RunPredicate predicate) {
        String value = switch (predicate.key()) {
            case STATE -> run.state().name();
            case STORAGE_STATE -> run.storageState().name();
            case DISPLAY_NAME -> run.displayName();
        };
        return switch (predicate.operation()) {
            case EQUALS -> value.equals(predicate.value());
            case NOT_EQUALS -> !value.equals(predicate.value());
            case IS_SUBSTRING -> value.contains(predicate.value());
        };
    }

    private static List<List<String>> pages(List<String> ids) {
        List<List<String>> pages = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += ListRunsCase.PAGE_SIZE) {
            pages.add(ids.subList(from, Math.min(ids.size(), from + ListRunsCase.PAGE_SIZE)));
        }
        return pages.isEmpty() ? List.of(List.of()) : pages;
    }
}
