package io.runstore.projections.write;

import org.springframework.dao.ConcurrencyFailureException;

import java.util.Map;

/**
 * Another writer has written some of a batch's runs since the batch loaded them: the fold started from rows that are
 * no longer the stored ones. The versioned rows would refuse the batch's older values by themselves, but the tables
 * without a version (run_metric, the counters) would take its stale writes, so the whole batch rolls back: a
 * concurrency failure, which the processor (or a replay lane) answers by trying the batch again from the stored rows.
 */
public final class NewerRowsWritten extends ConcurrencyFailureException {

    /** @param stored the stored version (-1: none) of each run written meanwhile, by run id */
    public NewerRowsWritten(Map<String, Long> stored) {
        super("runs written by another writer since the batch loaded them (stored versions): " + stored);
    }
}
