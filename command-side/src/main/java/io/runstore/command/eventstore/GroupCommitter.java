package io.runstore.command.eventstore;

import io.runstore.command.eventstore.schema.tables.records.EventLogRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import static io.runstore.command.eventstore.schema.Tables.EVENT_LOG;
import static io.runstore.command.eventstore.schema.Tables.EVENT_SEQUENCER;

/**
 * Appends the events of many commands in one transaction (group commit), with their global positions assigned at
 * insert time.
 * <p>
 * Commands that are not in a database transaction of their own hand their event rows, and the writes that must
 * commit with them (the command log), to one thread per process. It takes whatever has queued up, opens one READ
 * COMMITTED transaction, locks the {@code event_sequencer} row (the sequencer of every process takes the same lock),
 * numbers the rows densely after the highest position, inserts them with one statement, runs the other writes, and
 * commits; then it releases the waiting commands. The lock is held until the commit, so a later group can neither
 * commit earlier nor take lower positions: positions stay dense and in commit order, as the post-commit sequencer
 * keeps them, without its second write of every row. Events appended inside callers' transactions that committed
 * before the group and wait for the sequencer are numbered first, in the same transaction, so that a run whose
 * earlier events took that way keeps its order. Measured on PostgreSQL with 16 writers through Axon, the
 * post-commit sequencer reached about half the stock engine's appends; one transaction per group removes both the
 * per-command commit and the update (figures in docs/benchmarks/append.md).
 * <p>
 * When a group fails (one command lost a race for its run's next sequence number, or for its idempotency key), each
 * of its commands is written again in a transaction of its own, so that only the loser fails, with its own error.
 */
final class GroupCommitter implements AutoCloseable {

    private static final int SEQUENCER_BATCH = 1000;

    private final DSLContext dsl;
    private final TransactionTemplate transactions;
    private final int maxGroupSize;
    private final LongConsumer announce;
    private final BlockingQueue<Submission> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private ExecutorService worker;

    GroupCommitter(DSLContext dsl, PlatformTransactionManager transactionManager, int maxGroupSize,
                   LongConsumer announce) {
        this.dsl = dsl;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.maxGroupSize = maxGroupSize;
        this.announce = announce;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "event-group-commit");
            thread.setDaemon(true);
            return thread;
        });
        worker.execute(this::run);
    }

    /**
     * Writes {@code rows} (positions unset) and runs {@code writes} in one transaction shared with other commands,
     * and returns once it committed.
     *
     * @throws EventInsertFailed when inserting the rows failed (e.g. a run's sequence number was taken)
     * @throws RuntimeException  what another write or the transaction threw
     */
    void commit(List<EventLogRecord> rows, List<Runnable> writes) {
        if (!running) {
            throw new IllegalStateException("The event store's group commit is not running");
        }
        Submission submission = new Submission(rows, writes, new CompletableFuture<>());
        queue.add(submission);
        try {
            submission.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the events to commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Submission> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(submission -> submission.done().completeExceptionally(
                new IllegalStateException("The event store stopped before these events were written")));
    }

    private void run() {
        List<Submission> group = new ArrayList<>(maxGroupSize);
        while (running) {
            try {
                Submission first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.clear();
                group.add(first);
                queue.drainTo(group, maxGroupSize - 1);
                write(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        group.forEach(submission -> submission.done().completeExceptionally(
                new IllegalStateException("The event store stopped before these events were written")));
    }

    private void write(List<Submission> group) {
        try {
            long last = writeInOneTransaction(group);
            group.forEach(submission -> submission.done().complete(null));
            announce.accept(last);
        } catch (RuntimeException groupFailure) {
            if (group.size() == 1) {
                group.get(0).done().completeExceptionally(groupFailure);
                return;
            }
            for (Submission submission : group) {
                try {
                    long last = writeInOneTransaction(List.of(submission));
                    submission.done().complete(null);
                    announce.accept(last);
                } catch (RuntimeException failure) {
                    submission.done().completeExceptionally(failure);
                }
            }
        }
    }

    /** Returns the last position given. */
    private long writeInOneTransaction(List<Submission> group) {
        Long last = transactions.execute(status -> {
            dsl.select(EVENT_SEQUENCER.ID).from(EVENT_SEQUENCER).where(EVENT_SEQUENCER.ID.eq(1)).forUpdate().fetch();
            // events appended in a caller's transaction and committed before this group keep their place before it
            while (EventSequencer.numberCommitted(dsl, SEQUENCER_BATCH).count() == SEQUENCER_BATCH) {
                // more than one batch was waiting
            }
            long position = dsl.select(DSL.coalesce(DSL.max(EVENT_LOG.POSITION), 0L)).from(EVENT_LOG)
                    .fetchSingle().value1();
            var insert = dsl.insertInto(EVENT_LOG, EVENT_LOG.POSITION, EVENT_LOG.RUN_ID, EVENT_LOG.SEQUENCE_NUMBER,
                    EVENT_LOG.EVENT_ID, EVENT_LOG.AGGREGATE_TYPE, EVENT_LOG.PAYLOAD_TYPE, EVENT_LOG.PAYLOAD_REVISION,
                    EVENT_LOG.PAYLOAD, EVENT_LOG.METADATA, EVENT_LOG.OCCURRED_AT, EVENT_LOG.COMMAND_ID);
            boolean any = false;
            for (Submission submission : group) {
                for (EventLogRecord row : submission.rows()) {
                    insert = insert.values(++position, row.getRunId(), row.getSequenceNumber(), row.getEventId(),
                            row.getAggregateType(), row.getPayloadType(), row.getPayloadRevision(), row.getPayload(),
                            row.getMetadata(), row.getOccurredAt(), row.getCommandId());
                    any = true;
                }
            }
            if (any) {
                try {
                    insert.execute();
                } catch (RuntimeException e) {
                    throw new EventInsertFailed(e);
                }
            }
            for (Submission submission : group) {
                submission.writes().forEach(Runnable::run);
            }
            return position;
        });
        return last == null ? 0 : last;
    }

    private record Submission(List<EventLogRecord> rows, List<Runnable> writes, CompletableFuture<Void> done) {
    }

    /** Inserting the event rows failed; the cause is the database's answer. */
    static final class EventInsertFailed extends RuntimeException {

        EventInsertFailed(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
