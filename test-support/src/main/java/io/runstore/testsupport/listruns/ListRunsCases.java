package io.runstore.testsupport.listruns;

import java.util.ArrayList;
import java.util.List;

/**
 * The cases every ListRuns comparison runs: scopes namespace and experiment (the largest of each) times filters none,
 * {@code state EQUALS SUCCEEDED}, {@code storage_state NOT_EQUALS ARCHIVED} (the UI's Active tab) and
 * {@code display_name IS_SUBSTRING xgboost} (the search box).
 */
public final class ListRunsCases {

    private ListRunsCases() {
    }

    public static List<ListRunsCase> standard(String namespace, String experimentId) {
        List<List<RunPredicate>> filters = List.of(
                List.of(),
                List.of(new RunPredicate(RunPredicate.Key.STATE, RunPredicate.Operation.EQUALS, "SUCCEEDED")),
                List.of(new RunPredicate(RunPredicate.Key.STORAGE_STATE, RunPredicate.Operation.NOT_EQUALS, "ARCHIVED")),
                List.of(new RunPredicate(RunPredicate.Key.DISPLAY_NAME, RunPredicate.Operation.IS_SUBSTRING, "xgboost")));
        List<ListRunsCase> cases = new ArrayList<>();
        for (ListRunsScope scope : List.of(ListRunsScope.namespace(namespace), ListRunsScope.experiment(experimentId))) {
            for (List<RunPredicate> filter : filters) {
                cases.add(new ListRunsCase(scope, filter));
            }
        }
        return List.copyOf(cases);
    }

    /**
     * What KFP's UI asks for, newest first: a namespace's Active tab ({@code storage_state NOT_EQUALS ARCHIVED}), its
     * Archived tab ({@code storage_state EQUALS ARCHIVED}), a name search in the Active tab (the search box adds
     * {@code display_name IS_SUBSTRING} to the tab's filter) and an experiment's page (its Active tab).
     */
    public static List<ListRunsCase> ui(String namespace, String experimentId) {
        RunPredicate active = new RunPredicate(RunPredicate.Key.STORAGE_STATE, RunPredicate.Operation.NOT_EQUALS,
                "ARCHIVED");
        RunPredicate archived = new RunPredicate(RunPredicate.Key.STORAGE_STATE, RunPredicate.Operation.EQUALS,
                "ARCHIVED");
        RunPredicate search = new RunPredicate(RunPredicate.Key.DISPLAY_NAME, RunPredicate.Operation.IS_SUBSTRING,
                "xgboost");
        ListRunsScope inNamespace = ListRunsScope.namespace(namespace);
        return List.of(new ListRunsCase(inNamespace, List.of(active)), new ListRunsCase(inNamespace, List.of(archived)),
                new ListRunsCase(inNamespace, List.of(active, search)),
                new ListRunsCase(ListRunsScope.experiment(experimentId), List.of(active)));
    }

    /**
     * The namespace's Active tab sorted by the "Run name" column, A to Z ({@code sort_by=name asc}): KFP sorts every
     * run of the tab on its display name (no index has it), runstore reads an index on the case-folded name.
     */
    public static ListRunsCase nameSort(String namespace) {
        RunPredicate active = new RunPredicate(RunPredicate.Key.STORAGE_STATE, RunPredicate.Operation.NOT_EQUALS,
                "ARCHIVED");
        return new ListRunsCase(ListRunsScope.namespace(namespace), List.of(active), RunSortKey.NAME, false);
    }
}
