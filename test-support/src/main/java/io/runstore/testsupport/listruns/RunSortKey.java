package io.runstore.testsupport.listruns;

/**
 * What a ListRuns comparison sorts on, by the name KFP's API takes in {@code sort_by}: created_at (the UI's default)
 * or name (the UI's "Run name" column; KFP maps it to the run's display name). The run id breaks ties in the same
 * direction.
 */
public enum RunSortKey {
    CREATED_AT("created_at"),
    NAME("name");

    public final String apiName;

    RunSortKey(String apiName) {
        this.apiName = apiName;
    }
}
