package io.runstore.testsupport.listruns;

import java.util.ArrayList;
import java.util.List;

/**
 * The correctness cross-check of a comparison: every implementation answers the same page with the same run ids in
 * the same order, the same total_size, and the same answer to whether a next page exists. Where that page starts is
 * each implementation's own token, checked by paging ({@link PageRequests#walk} checks every page on the way).
 * Anything else fails loudly, naming the request and the answers: a comparison of different answers would be
 * meaningless.
 */
public final class ListRunsAgreement {

    private ListRunsAgreement() {
    }

    /**
     * Asks every implementation its request ({@code requests} in the order of {@code implementations}); returns their
     * (agreeing) pages in that order, or throws naming the difference.
     */
    public static List<ListRunsPage> check(List<ListRunsImplementation> implementations,
                                           List<ListRunsRequest> requests) throws Exception {
        List<ListRunsPage> pages = new ArrayList<>();
        for (int i = 0; i < implementations.size(); i++) {
            pages.add(implementations.get(i).list(requests.get(i)));
        }
        ListRunsPage reference = pages.get(0);
        for (int i = 1; i < pages.size(); i++) {
            ListRunsPage other = pages.get(i);
            if (!other.runIds().equals(reference.runIds()) || other.totalSize() != reference.totalSize()
                    || (other.next() == null) != (reference.next() == null)) {
                throw new IllegalStateException("ListRuns implementations disagree on " + requests.get(i) + ":\n  "
                        + implementations.get(0).name() + ": " + describe(reference) + "\n  "
                        + implementations.get(i).name() + ": " + describe(other));
            }
        }
        return pages;
    }

    private static String describe(ListRunsPage page) {
        return "total_size " + page.totalSize() + ", " + page.runIds().size() + " runs " + page.runIds()
                + ", next " + page.next();
    }
}
