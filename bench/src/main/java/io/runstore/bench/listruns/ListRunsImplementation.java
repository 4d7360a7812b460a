package io.runstore.bench.listruns;

import java.sql.SQLException;

/** One way of answering ListRuns, bound to the database that holds its tables. */
public interface ListRunsImplementation {

    /** A short name for tables and charts. */
    String name();

    ListRunsPage list(ListRunsRequest request) throws SQLException;
}
