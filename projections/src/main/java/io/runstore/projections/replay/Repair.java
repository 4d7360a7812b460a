package io.runstore.projections.replay;

import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.projections.processing.BatchProjector;
import io.runstore.projections.processing.ProjectionGate;
import io.runstore.projections.processing.RunListProjector;
import io.runstore.projections.write.ReadTables;
import org.jooq.DSLContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.Collection;
import java.util.List;

/**
 * Replays events into the live tables while the live projector is held at its {@link ProjectionGate} (so no batch of
 * it writes the same runs meanwhile; it goes on from its own position afterwards, and what it sees again changes
 * nothing):
 * <ul>
 *   <li>{@link #runs}: the given runs' rows are removed and rebuilt from their first event, in one transaction: for a
 *   run whose rows are wrong, or whose dead letters' cause is fixed;</li>
 *   <li>{@link #range}: the events of a position range are applied again, chunk by chunk: rows take only the events
 *   they lack (those above their version), which repairs rows that missed events.</li>
 * </ul>
 */
public final class Repair {

    private final DSLContext dsl;
    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final ReplaySource source;
    private final BatchProjector projector;
    private final int chunk;

    public Repair(DSLContext dsl, DataSource dataSource, PlatformTransactionManager transactionManager,
                  ReplaySource source, BatchProjector projector, int chunk) {
        this.dsl = dsl;
        this.dataSource = dataSource;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.source = source;
        this.projector = projector;
        this.chunk = chunk;
    }

    /** Rebuilds the given runs' rows from their events up to the head; returns the events applied. */
    public long runs(Collection<String> runIds) {
        try (ProjectionGate.Held gate = hold()) {
            long head = source.head();
            return transactions.execute(status -> {
                ReadTables.forget(dsl, runIds);
                long applied = 0;
                long after = 0;
                while (after < head) {
                    List<ProjectedEvent> events = source.ofRuns(runIds, after, head, chunk);
                    if (events.isEmpty()) {
                        break;
                    }
                    applied += projector.applyLogged(dsl, events).applied();
                    after = events.get(events.size() - 1).position();
                }
                return applied;
            });
        }
    }

    /** Applies the events with positions in ({@code after}, {@code upTo}] again; returns the events read. */
    public long range(long after, long upTo) {
        try (ProjectionGate.Held gate = hold()) {
            long end = Math.min(upTo, source.head());
            long read = 0;
            long position = after;
            while (position < end) {
                List<ProjectedEvent> events = source.between(position, end, chunk);
                if (events.isEmpty()) {
                    break;
                }
                transactions.executeWithoutResult(status -> projector.applyLogged(dsl, events));
                read += events.size();
                position = events.get(events.size() - 1).position();
            }
            return read;
        }
    }

    private ProjectionGate.Held hold() {
        return ProjectionGate.hold(dataSource, dsl.dialect(), RunListProjector.PROCESSING_GROUP);
    }
}
