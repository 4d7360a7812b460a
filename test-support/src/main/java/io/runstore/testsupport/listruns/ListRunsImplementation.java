package io.runstore.testsupport.listruns;

/** One way of answering ListRuns, bound to the database (or server) that holds its tables. */
public interface ListRunsImplementation {

    /** A short name for tables and charts. */
    String name();

    /** One page; {@code request.start()} is null or a start this implementation issued. */
    ListRunsPage list(ListRunsRequest request) throws Exception;
}
