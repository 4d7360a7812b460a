package io.runstore.projections.processing;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * The projector's batch transactions, on both databases:
 * <ul>
 *   <li>READ COMMITTED (PostgreSQL's default anyway). Under InnoDB's default REPEATABLE READ, an upsert that finds its
 *   row takes a next-key lock, which covers the gap before that row; two segments upserting runs with neighbouring ids
 *   then block each other's inserts and deadlock, and every deadlock costs the segment the processor's release backoff
 *   (a second or more). The projector reads nothing it relies on being repeatable: each segment owns its runs, and the
 *   shared counters are updated by increments.</li>
 *   <li>On PostgreSQL, committed without waiting for the WAL to reach the disk, so the projector's commits do not queue
 *   for the flushes that the command side's commits wait on. Safe because the read tables are derived: a crash loses
 *   at most the last batches together with the position that covers them (the WAL keeps their order), and they are
 *   projected again. MariaDB has no per-transaction setting.</li>
 * </ul>
 */
public final class ProjectionTransactions {

    private ProjectionTransactions() {
    }

    /** @param dsl a context that joins the transactions of {@code transactionManager} */
    public static TransactionManager of(PlatformTransactionManager transactionManager, DSLContext dsl) {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        SpringTransactionManager readCommitted = new SpringTransactionManager(transactionManager, definition);
        if (dsl.dialect().family() != SQLDialect.POSTGRES) {
            return readCommitted;
        }
        return () -> {
            Transaction transaction = readCommitted.startTransaction();
            try {
                dsl.setLocal(DSL.name("synchronous_commit"), DSL.inline("off")).execute();
            } catch (RuntimeException e) {
                transaction.rollback();
                throw e;
            }
            return transaction;
        };
    }
}
