package io.runstore.bench.listruns;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The correctness cross-check of a comparison: every implementation answers the same request with the same run ids
 * in the same order, the same total_size, and the same start of the next page. Anything else fails loudly, naming
 * the request and the answers: a comparison of different answers would be meaningless.
 */
public final class ListRunsAgreement {

    private ListRunsAgreement() {
    }

    /** Asks every implementation; returns the (common) page, or throws naming the difference. */
    public static ListRunsPage check(List<ListRunsImplementation> implementations, ListRunsRequest request)
            throws SQLException {
        List<ListRunsPage> pages = new ArrayList<>();
        for (ListRunsImplementation implementation : implementations) {
            pages.add(implementation.list(request));
        }
        ListRunsPage reference = pages.get(0);
        for (int i = 1; i < pages.size(); i++) {
            ListRunsPage other = pages.get(i);
            if (!other.runIds().equals(reference.runIds()) || other.totalSize() != reference.totalSize()
                    || !sameNext(reference, other)) {
                throw new IllegalStateException("ListRuns implementations disagree on " + request + ":\n  "
                        + implementations.get(0).name() + ": " + describe(reference) + "\n  "
                        + implementations.get(i).name() + ": " + describe(other));
            }
        }
        return reference;
    }

    private static boolean sameNext(ListRunsPage a, ListRunsPage b) {
        return a.next() == null ? b.next() == null : a.next().equals(b.next());
    }

    private static String describe(ListRunsPage page) {
        return "total_size " + page.totalSize() + ", " + page.runIds().size() + " runs " + page.runIds()
                + ", next " + page.next();
    }
}
