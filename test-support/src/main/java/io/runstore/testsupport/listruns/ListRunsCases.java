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
}
