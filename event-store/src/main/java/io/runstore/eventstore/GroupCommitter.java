package io.runstore.eventstore;

import io.runstore.eventstore.schema.tables.records.EventLogRecord;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;

/**
 * Appends the events of many commands in one transaction (group commit), with their global positions assigned at
 * insert time.
 * <p>
 * Commands that are not in a database transaction of their own hand their event rows, and the writes that must
 * commit with them (the command log), to one thread per process. It takes what has queued up, up to a number of
 * commands, of events and of bytes ({@link Limits}), opens one READ COMMITTED transaction, takes the lock and the
 * group's positions with one UPDATE of the {@code event_sequencer} row, which keeps the last position given (the
 * sequencer of every process takes the same lock), inserts the rows numbered densely after it (one statement, or
 * several where PostgreSQL's bind limit or MySQL's {@code max_allowed_packet} would refuse one), runs the other
 * writes (rows handed as rows, such as the command log's, in one statement per table likewise), and commits: three round trips for a group of one statement on PostgreSQL (MySQL's driver adds its isolation and autocommit switches). Then it releases the waiting
 * commands. The lock is held until the commit, so a later group can neither
 * commit earlier nor take lower positions: positions stay dense and in commit order, as the post-commit sequencer
 * keeps them, without its second write of every row. Events appended inside callers' transactions that committed
 * before the group and wait for the sequencer are numbered first, in the same transaction, so that a run whose
 * earlier events took that way keeps its order. Measured on PostgreSQL with 16 writers through Axon, the
 * post-commit sequencer reached about half the stock engine's appends; one transaction per group removes both the
 * per-command commit and the update (figures in docs/benchmarks/append.md).
 * <p>
 * When a group fails (one command lost a race for its run's next sequence number, or for its idempotency key), each
 * of its commands is written again in a transaction of its own, so that only the loser fails, with its own error.
 * Anything else the worker catches (an {@link Error} such as running out of memory while building a large insert, a
 * bug) fails the group at hand, whose transaction rolled back, and the worker goes on with the next group. A command
 * waits for its group at most {@code waitLimit}: one that the worker has not taken by then is dropped and answered
 * {@link EventStoreUnavailableException} (nothing written); when the worker's thread is gone, every command is answered
 * so at once. {@link #health()} says which.
 */
final class GroupCommitter implements AutoCloseable {

    private static final int SEQUENCER_BATCH = 1000;
    /** Bind values of one event row in the group's insert. */
    private static final int BINDS_PER_ROW = 11;
    /**
     * The most bind values one insert statement carries: half of PostgreSQL's protocol limit (65,535 parameters per
     * statement, also MySQL's for server-side prepared statements).
     */
    private static final int MAX_BINDS = 32_767;
    /** Bytes a row takes in a statement besides its text columns (numbers, separators), estimated generously. */
    private static final int ROW_OVERHEAD_BYTES = 128;
    private static final int QUEUED = 0;
    private static final int TAKEN = 1;
    private static final int DROPPED = 2;

    private final DSLContext dsl;
    private final EventStoreDialect dialect;
    private final TransactionTemplate transactions;
    private final Limits limits;
    private final Duration waitLimit;
    private final LongConsumer announce;
    private final BlockingQueue<Submission> queue = new LinkedBlockingQueue<>();
    private final AtomicLong failedGroups = new AtomicLong();
    private volatile Failure lastFailure;
    private volatile boolean running;
    private volatile Thread workerThread;
    private volatile long statementBytes;
    private ExecutorService worker;

    GroupCommitter(DSLContext dsl, PlatformTransactionManager transactionManager, Limits limits,
                   Duration waitLimit, LongConsumer announce) {
        this.dsl = dsl;
        this.dialect = EventStoreDialect.of(dsl.dialect());
        this.transactions = new TransactionTemplate(transactionManager);
        this.limits = limits;
        this.waitLimit = waitLimit;
        this.announce = announce;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        transactions.setIsolationLevel(readCommittedIsDefault() ? TransactionDefinition.ISOLATION_DEFAULT
                : TransactionDefinition.ISOLATION_READ_COMMITTED);
        statementBytes = dialect.statementBytesLimit(dsl, limits.statementBytes());
        running = true;
        worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "event-group-commit");
            thread.setDaemon(true);
            workerThread = thread;
            return thread;
        });
        worker.execute(this::run);
    }

    /**
     * Whether the pool's connections start at READ COMMITTED (PostgreSQL's default): then the group's transactions
     * need not ask for it, which costs a round trip or three per transaction (the driver reads the current level, sets
     * it, and sets it back).
     */
    private boolean readCommittedIsDefault() {
        return dsl.connectionResult(Connection::getTransactionIsolation) == Connection.TRANSACTION_READ_COMMITTED;
    }

    /**
     * Writes {@code rows} (positions unset) and runs {@code writes} in one transaction shared with other commands,
     * and returns once it committed.
     *
     * @throws EventInsertFailed             when inserting the rows failed (e.g. a run's sequence number was taken)
     * @throws EventStoreUnavailableException when the worker is gone, did not take the rows within the wait limit,
     *                                       or failed their group with something other than a database answer
     * @throws RuntimeException              what another write or the transaction threw
     */
    void commit(List<EventLogRecord> rows, List<Runnable> writes) {
        if (!running) {
            throw new IllegalStateException("The event store's group commit is not running");
        }
        if (!workerAlive()) {
            throw new EventStoreUnavailableException("the event store's group-commit worker is not running; nothing "
                    + "was written");
        }
        Submission submission = new Submission(rows, writes, bytes(rows), new CompletableFuture<>(),
                new AtomicInteger(QUEUED));
        queue.add(submission);
        try {
            submission.done().get(waitLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the events to commit", e);
        } catch (TimeoutException e) {
            if (submission.state().compareAndSet(QUEUED, DROPPED)) {
                throw new EventStoreUnavailableException("the event store did not take these events within "
                        + waitLimit.toMillis() + " ms; nothing was written");
            }
            throw new EventStoreUnavailableException("the event store did not confirm these events within "
                    + waitLimit.toMillis() + " ms; they may have been written (send again with the same "
                    + "Idempotency-Key)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    GroupCommitHealth health() {
        Failure failure = lastFailure;
        return new GroupCommitHealth(workerAlive(), queue.size(), failedGroups.get(),
                Optional.ofNullable(failure).map(Failure::text), Optional.ofNullable(failure).map(Failure::at));
    }

    private boolean workerAlive() {
        Thread thread = workerThread;
        return thread != null && thread.isAlive();
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
        List<Submission> group = new ArrayList<>();
        while (running) {
            group.clear();
            try {
                Submission first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                takeGroup(first, group);
                if (!group.isEmpty()) {
                    write(group);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable unexpected) {
                failGroup(group, unexpected);
            }
        }
        group.forEach(submission -> submission.done().completeExceptionally(
                new IllegalStateException("The event store stopped before these events were written")));
    }

    /**
     * Takes {@code first} and the commands queued behind it into {@code group}, in order, while the group stays within
     * the limits of commands, events and bytes; {@code first} is taken whatever its size. Commands dropped by their
     * callers (waited too long) are skipped. Only this thread takes from the queue, so what it peeks at it polls.
     */
    private void takeGroup(Submission first, List<Submission> group) {
        int events = 0;
        long bytes = 0;
        int seen = 0;
        Submission next = first;
        while (true) {
            seen++;
            if (next.state().compareAndSet(QUEUED, TAKEN)) {
                group.add(next);
                events += next.rows().size();
                bytes += next.bytes();
            }
            if (seen >= limits.commands()) {
                return;
            }
            next = queue.peek();
            if (next == null || !group.isEmpty() && (events + next.rows().size() > limits.events()
                    || bytes + next.bytes() > limits.bytes())) {
                return;
            }
            queue.poll();
        }
    }

    /** The group's transaction rolled back (or never began): its commands are told, the worker goes on. */
    private void failGroup(List<Submission> group, Throwable unexpected) {
        failedGroups.incrementAndGet();
        lastFailure = new Failure(unexpected.toString(), Instant.now());
        EventStoreUnavailableException failure = new EventStoreUnavailableException("the event store failed the "
                + "group these events were in (" + unexpected.getClass().getSimpleName() + "); nothing was written",
                unexpected);
        group.forEach(submission -> submission.done().completeExceptionally(failure));
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
        int count = group.stream().mapToInt(submission -> submission.rows().size()).sum();
        Long last = transactions.execute(status -> {
            long position = count == 0 ? 0 : reservePositions(count) - count;
            if (count > 0) {
                try {
                    insert(group, position);
                } catch (RuntimeException e) {
                    throw new EventInsertFailed(e);
                }
                position += count;
            }
            runWrites(group);
            return position;
        });
        return last == null ? 0 : last;
    }

    /**
     * Runs the writes of the group's commands in its transaction. Rows ({@link AppendTransaction#insert}) of the same
     * table and columns go in as few statements as {@link #insertRows} needs, after the other writes; a command alone
     * runs its writes one by one, so that a failing row reaches its command as {@code onFailure} made it.
     */
    private void runWrites(List<Submission> group) {
        if (group.size() == 1) {
            group.get(0).writes().forEach(Runnable::run);
            return;
        }
        Map<List<Object>, List<AppendTransaction.RowInsert>> rows = new LinkedHashMap<>();
        for (Submission submission : group) {
            for (Runnable write : submission.writes()) {
                if (write instanceof AppendTransaction.RowInsert row) {
                    rows.computeIfAbsent(row.shape(), shape -> new ArrayList<>()).add(row);
                } else {
                    write.run();
                }
            }
        }
        rows.values().forEach(this::insertRows);
    }

    /** Rows of one shape in multi-row inserts, each within {@link #MAX_BINDS} bind values and {@link #statementBytes}. */
    private void insertRows(List<AppendTransaction.RowInsert> rows) {
        AppendTransaction.RowInsert first = rows.get(0);
        int maxRows = Math.max(1, MAX_BINDS / first.row().size());
        List<AppendTransaction.RowInsert> chunk = new ArrayList<>();
        long chunkBytes = 0;
        for (AppendTransaction.RowInsert row : rows) {
            long rowBytes = bytes(row.row());
            if (!chunk.isEmpty() && (chunk.size() == maxRows || chunkBytes + rowBytes > statementBytes)) {
                insertRowChunk(chunk);
                chunk.clear();
                chunkBytes = 0;
            }
            chunk.add(row);
            chunkBytes += rowBytes;
        }
        insertRowChunk(chunk);
    }

    private static void insertRowChunk(List<AppendTransaction.RowInsert> rows) {
        AppendTransaction.RowInsert first = rows.get(0);
        var insert = first.dsl().insertInto(first.table(), first.row().fields());
        for (AppendTransaction.RowInsert row : rows) {
            insert = insert.values(row.row().intoArray());
        }
        insert.execute();
    }

    /** A row's size in a statement, estimated as for event rows: its text values' characters, 16 for any other. */
    private static long bytes(Record row) {
        long bytes = ROW_OVERHEAD_BYTES;
        for (Object value : row.intoArray()) {
            bytes += value instanceof String text ? text.length() : 16;
        }
        return bytes;
    }

    /**
     * Inserts the group's rows numbered from {@code position + 1}, in as few statements as keep each under
     * {@link #MAX_BINDS} bind values and about {@link #statementBytes} bytes: PostgreSQL refuses a statement with more
     * than 65,535 parameters, MySQL one larger than {@code max_allowed_packet}. A row larger than that goes alone.
     */
    private void insert(List<Submission> group, long position) {
        int maxRows = MAX_BINDS / BINDS_PER_ROW;
        List<EventLogRecord> chunk = new ArrayList<>();
        long chunkBytes = 0;
        for (Submission submission : group) {
            for (EventLogRecord row : submission.rows()) {
                long rowBytes = bytes(row);
                if (!chunk.isEmpty() && (chunk.size() == maxRows || chunkBytes + rowBytes > statementBytes)) {
                    position = insertChunk(chunk, position);
                    chunk.clear();
                    chunkBytes = 0;
                }
                chunk.add(row);
                chunkBytes += rowBytes;
            }
        }
        if (!chunk.isEmpty()) {
            insertChunk(chunk, position);
        }
    }

    /** One multi-row insert; returns the last position given. */
    private long insertChunk(List<EventLogRecord> rows, long position) {
        var insert = dsl.insertInto(EVENT_LOG, EVENT_LOG.POSITION, EVENT_LOG.RUN_ID, EVENT_LOG.SEQUENCE_NUMBER,
                EVENT_LOG.EVENT_ID, EVENT_LOG.AGGREGATE_TYPE, EVENT_LOG.PAYLOAD_TYPE, EVENT_LOG.PAYLOAD_REVISION,
                EVENT_LOG.PAYLOAD, EVENT_LOG.METADATA, EVENT_LOG.OCCURRED_AT, EVENT_LOG.COMMAND_ID);
        for (EventLogRecord row : rows) {
            insert = insert.values(++position, row.getRunId(), row.getSequenceNumber(), row.getEventId(),
                    row.getAggregateType(), row.getPayloadType(), row.getPayloadRevision(), row.getPayload(),
                    row.getMetadata(), row.getOccurredAt(), row.getCommandId());
        }
        insert.execute();
        return position;
    }

    private static long bytes(List<EventLogRecord> rows) {
        long bytes = 0;
        for (EventLogRecord row : rows) {
            bytes += bytes(row);
        }
        return bytes;
    }

    /**
     * A row's size in a statement, estimated from its text (one byte a character: JSON is mostly ASCII; the statement
     * limit leaves room for wider characters and escapes).
     */
    private static long bytes(EventLogRecord row) {
        return ROW_OVERHEAD_BYTES + length(row.getPayload()) + length(row.getMetadata()) + length(row.getRunId())
                + length(row.getEventId()) + length(row.getAggregateType()) + length(row.getPayloadType())
                + length(row.getPayloadRevision()) + length(row.getCommandId());
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    /**
     * Takes the sequencer lock and {@code count} positions; returns the last of them. Usually one statement; when
     * events appended in callers' transactions have committed and wait for the sequencer, they are numbered first,
     * in this transaction, so that a run whose earlier events took that way keeps its order.
     */
    private long reservePositions(int count) {
        OptionalLong reserved = dialect.reservePositions(dsl, count);
        if (reserved.isPresent()) {
            return reserved.getAsLong();
        }
        EventSequencer.Pass pass = EventSequencer.numberCommitted(dsl, EventSequencer.lock(dsl), SEQUENCER_BATCH);
        while (pass.count() == SEQUENCER_BATCH) {
            pass = EventSequencer.numberCommitted(dsl, pass.lastPosition(), SEQUENCER_BATCH);
        }
        long last = pass.lastPosition() + count;
        EventSequencer.recordLastPosition(dsl, last);
        return last;
    }

    private record Submission(List<EventLogRecord> rows, List<Runnable> writes, long bytes,
                              CompletableFuture<Void> done, AtomicInteger state) {
    }

    /**
     * What one group may hold, and one statement.
     *
     * @param commands       the most commands one transaction writes
     * @param events         the most events one transaction writes (a single command's events are never split)
     * @param bytes          the most bytes of event rows one transaction writes, estimated from their text (likewise)
     * @param statementBytes the most bytes of event rows one insert statement carries; on MySQL also at most a quarter
     *                       of the server's {@code max_allowed_packet}
     */
    record Limits(int commands, int events, long bytes, long statementBytes) {

        Limits {
            if (commands < 1 || events < 1 || bytes < 1 || statementBytes < 1) {
                throw new IllegalArgumentException("Group-commit limits must be positive: " + this);
            }
        }
    }

    private record Failure(String text, Instant at) {
    }

    /** Inserting the event rows failed; the cause is the database's answer. */
    static final class EventInsertFailed extends RuntimeException {

        EventInsertFailed(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
