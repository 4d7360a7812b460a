package io.runstore.testsupport.listruns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Page {@code number} (counting from 1) of a case as each implementation requests it: the first page is the same
 * request for all; a later one starts where that implementation's own previous answer said (KFP's first run of the
 * page, runstore's next_page_token). {@code requests} follows the order of the implementations.
 */
public record PageRequests(int number, List<ListRunsRequest> requests) {

    public PageRequests {
        requests = List.copyOf(requests);
    }

    public static PageRequests first(ListRunsCase listRunsCase, int implementations) {
        return new PageRequests(1, Collections.nCopies(implementations, listRunsCase.firstPage()));
    }

    /**
     * Page {@code target} of the case, or its last page when it has fewer, reached by every implementation paging
     * with its own next-page starts; every page on the way is checked with {@link ListRunsAgreement}.
     */
    public static PageRequests walk(List<ListRunsImplementation> implementations, ListRunsCase listRunsCase,
                                    int target) throws Exception {
        PageRequests page = first(listRunsCase, implementations.size());
        while (page.number() < target) {
            List<ListRunsPage> answers = ListRunsAgreement.check(implementations, page.requests());
            if (answers.get(0).next() == null) {
                break;
            }
            List<ListRunsRequest> next = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                next.add(page.requests().get(i).startingAt(answers.get(i).next()));
            }
            page = new PageRequests(page.number() + 1, next);
        }
        return page;
    }
}
