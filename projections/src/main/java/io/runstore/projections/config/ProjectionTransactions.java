package io.runstore.projections.config;

import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * The projector's batch transactions, READ COMMITTED on both databases (PostgreSQL's default anyway). Under InnoDB's
 * default REPEATABLE READ, an upsert that finds its row takes a next-key lock, which covers the gap before that row; two
 * segments upserting runs with neighbouring ids then block each other's inserts and deadlock, and every deadlock costs
 * the segment the processor's release backoff (a second or more). The projector reads nothing it relies on being
 * repeatable: each segment owns its runs, and the shared counters are updated by increments.
 */
public final class ProjectionTransactions {

    private ProjectionTransactions() {
    }

    public static SpringTransactionManager readCommitted(PlatformTransactionManager transactionManager) {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        return new SpringTransactionManager(transactionManager, definition);
    }
}
