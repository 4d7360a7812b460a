package io.runstore.bench.listruns;

/**
 * Where a page starts, in both forms the systems use: runstore seeks past the last run of the previous page
 * (exclusive); KFP's page token names the first run of the page (KFP fetches one run more than the page and keeps it
 * as the next token, then seeks to it inclusively).
 */
public record PageStart(RunPosition lastOfPreviousPage, RunPosition firstOfPage) {
}
