package io.runstore.testsupport.listruns;

/**
 * Where a page starts, in the form of the implementation that issued it: each implementation pages with its own.
 * KFP's page token names the first run of the page (KFP fetches one run more than the page and keeps it as the next
 * token, then seeks to it inclusively); runstore's query API answers an opaque signed next_page_token.
 */
public sealed interface PageStart {

    /** KFP's token: the first run of the page. */
    record FirstRun(RunPosition run) implements PageStart {
    }

    /** runstore's next_page_token, as its query API issued it. */
    record Token(String value) implements PageStart {
    }
}
