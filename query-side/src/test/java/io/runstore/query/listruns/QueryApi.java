package io.runstore.query.listruns;

import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.listruns.HttpListRuns;

import java.util.List;

/**
 * runstore's query API over HTTP on a loaded database, multi-user, for one caller that may read the given namespaces:
 * the fourth ListRuns implementation. The tests start it in-process ({@link InProcessQueryApi}); the benchmark starts
 * the server jar as a query-only process.
 */
public interface QueryApi extends AutoCloseable {

    /** ListRuns on this API (one client, one connection kept alive). */
    HttpListRuns listRuns();

    @Override
    void close() throws InterruptedException;

    /** Starts the API on a database whose read tables are loaded. */
    @FunctionalInterface
    interface Starter {
        QueryApi start(TestDatabase database, List<String> namespaces) throws Exception;
    }
}
