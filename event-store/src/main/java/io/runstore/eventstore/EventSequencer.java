package io.runstore.eventstore;

import io.runstore.database.OutageLog;
import org.jooq.CaseWhenStep;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static io.runstore.eventstore.schema.Tables.EVENT_SEQUENCER;

/**
 * Gives committed events their global position, after they commit and without gaps.
 * <p>
 * An append inserts its rows with {@code position} NULL; they become visible when the command's transaction
 * commits. A sequencing pass then runs in its own short READ COMMITTED transaction: it locks the one row of
 * {@code event_sequencer} (so that one sequencer at a time runs, across all processes) and reads the last position
 * given, which that row keeps, takes the committed unsequenced rows in {@code id} order, numbers them densely after
 * it, moves the row's last position, and commits. A row gets a position only once it is committed, and every pass
 * numbers after the previous pass, which committed before releasing the lock: the positions a reader can see are
 * always 1..n, so {@code position > last} never passes an event that commits later, with no gap list and no timeout.
 * A run's events keep their order: a run's next event can only be inserted after its previous one committed, so it
 * has a higher id.
 * <p>
 * One background thread per process runs the passes: after a local commit ({@link #signal()}), at most one pass per
 * {@code passInterval} so that a burst of commits shares one pass, and when its idle poll finds unsequenced rows it was
 * not told about (committed by a process that stopped before sequencing its own, or by an engine whose sequencer does
 * not run). The idle poll waits {@code pollInterval} after a pass, and twice as long after each poll that found
 * nothing, up to {@code idlePollLimit}: on PostgreSQL it walks every entry that {@code ix_event_log_unsequenced} keeps
 * for numbered rows until VACUUM removes them (30 ms and 1,400 index pages a poll after 500,000 events were numbered,
 * 37 ms and 4,000 pages in a benchmark's query server; the entries are marked dead by the first scan that finds them
 * dead to every snapshot, which spares later polls the heap, not the index pages), so an idle process polls rarely.
 * A process that never appends can turn the poll off ({@code polls} false): the sequencers of appending processes
 * keep polling, every group commit ({@link GroupCommitter}) numbers what waits before its own events, and readers
 * read positions, never unsequenced rows, so they do not wait on it.
 * Readers wait in {@link #awaitPositionAbove} to hear about new positions.
 */
final class EventSequencer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventSequencer.class);

    /** A database outage fails every pass: one WARN, then one a minute, INFO when it is back. */
    private final OutageLog outage = new OutageLog(log, "Sequencing events");

    private final DSLContext dsl;
    private final TransactionTemplate transactions;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration idlePollLimit;
    private final boolean polls;
    private final Duration passInterval;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workSignalled = lock.newCondition();
    private final Condition positionsAssigned = lock.newCondition();
    private boolean signalled;
    private long highestKnownPosition;
    private volatile boolean running;
    private Thread thread;

    EventSequencer(DSLContext dsl, PlatformTransactionManager transactionManager, int batchSize, Polling polling,
                   Duration passInterval) {
        this.dsl = dsl;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.batchSize = batchSize;
        this.pollInterval = polling.interval();
        this.idlePollLimit = polling.idleLimit().compareTo(polling.interval()) < 0 ? polling.interval()
                : polling.idleLimit();
        this.polls = polling.enabled();
        this.passInterval = passInterval;
    }

    /** Starts the background thread of this process. */
    synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "event-sequencer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the background thread for a pass now: a local transaction has committed new events. */
    void signal() {
        lock.lock();
        try {
            signalled = true;
            workSignalled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sequences every committed unsequenced event, pass after pass, and tells waiting readers.
     *
     * @return the number of events sequenced
     */
    int sequencePending() {
        int total = 0;
        int sequenced;
        do {
            sequenced = sequenceBatch();
            total += sequenced;
        } while (sequenced == batchSize);
        return total;
    }

    /**
     * Waits until this process has seen a position above {@code position} being assigned (by its own sequencer), or
     * the timeout passes. Positions assigned by other processes are not announced: callers read again after the
     * timeout.
     *
     * @return whether such a position is known
     */
    boolean awaitPositionAbove(long position, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (highestKnownPosition <= position && remaining > 0) {
                remaining = positionsAssigned.awaitNanos(remaining);
            }
            return highestKnownPosition > position;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        Thread stopping;
        synchronized (this) {
            running = false;
            stopping = thread;
            thread = null;
        }
        signal();
        if (stopping != null) {
            try {
                stopping.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long lastPass = System.nanoTime() - passInterval.toNanos();
        long idleWait = pollInterval.toNanos();
        boolean retry = false;
        while (running) {
            try {
                boolean work = awaitSignal(retry ? 0 : polls ? idleWait : -1) || retry;
                retry = false;
                if (work || polls && hasUnsequencedEvents()) {
                    long sinceLastPass = System.nanoTime() - lastPass;
                    if (sinceLastPass < passInterval.toNanos()) {
                        TimeUnit.NANOSECONDS.sleep(passInterval.toNanos() - sinceLastPass);
                    }
                    lastPass = System.nanoTime();
                    sequenceWhileRunning();
                    idleWait = pollInterval.toNanos();
                } else {
                    idleWait = Math.min(2 * idleWait, idlePollLimit.toNanos());
                }
                outage.succeeded();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    outage.failed(e);
                    sleepQuietly();
                    // a failed pass may have been a signalled one, which no poll would find again if polls are off
                    retry = true;
                    idleWait = pollInterval.toNanos();
                }
            }
        }
    }

    /** {@link #sequencePending}, stopping between passes once closed: a backlog of millions takes minutes. */
    private void sequenceWhileRunning() {
        while (running && sequenceBatch() == batchSize) {
            // the next pass
        }
    }

    /** Waits for a signal at most {@code nanos} (negative: until one comes); returns whether one came. */
    private boolean awaitSignal(long nanos) throws InterruptedException {
        lock.lock();
        try {
            if (!signalled && running) {
                if (nanos < 0) {
                    workSignalled.await();
                } else {
                    workSignalled.await(nanos, TimeUnit.NANOSECONDS);
                }
            }
            boolean wasSignalled = signalled;
            signalled = false;
            return wasSignalled;
        } finally {
            lock.unlock();
        }
    }

    private boolean hasUnsequencedEvents() {
        return dsl.fetchExists(dsl.selectOne().from(EVENT_LOG).where(EVENT_LOG.POSITION.isNull()));
    }

    private int sequenceBatch() {
        Pass pass = transactions.execute(status -> {
            Pass numbered = numberCommitted(dsl, lock(dsl), batchSize);
            if (numbered.count() > 0) {
                recordLastPosition(dsl, numbered.lastPosition());
            }
            return numbered;
        });
        if (pass.count() > 0) {
            announce(pass.lastPosition());
        }
        return pass.count();
    }

    /**
     * Locks the {@code event_sequencer} row, which every writer of positions in every process holds until it commits,
     * and returns the last position given.
     */
    static long lock(DSLContext dsl) {
        return dsl.select(EventStoreDialect.lastPositionGiven()).from(EVENT_SEQUENCER)
                .where(EVENT_SEQUENCER.ID.eq(1)).forUpdate().fetchSingle().value1();
    }

    /** Moves the sequencer row's last position to {@code position}; the caller's transaction holds the lock. */
    static void recordLastPosition(DSLContext dsl, long position) {
        dsl.update(EVENT_SEQUENCER).set(EVENT_SEQUENCER.LAST_POSITION, position).where(EVENT_SEQUENCER.ID.eq(1))
                .execute();
    }

    /**
     * Numbers up to {@code limit} committed unsequenced events after {@code lastPosition}, in id order. The caller's
     * transaction holds the {@code event_sequencer} lock and records the new last position.
     */
    static Pass numberCommitted(DSLContext dsl, long lastPosition, int limit) {
        // read off the front of ix_event_log_unsequenced (V4): without it, every pass sorted the whole backlog or
        // walked the sequenced rows before it
        List<Long> ids = dsl.select(EVENT_LOG.ID).from(EVENT_LOG)
                .where(EVENT_LOG.POSITION.isNull())
                .orderBy(EVENT_LOG.ID)
                .limit(limit)
                .fetch(EVENT_LOG.ID);
        if (ids.isEmpty()) {
            return new Pass(0, lastPosition);
        }
        long position = lastPosition;
        long first = position + 1;
        CaseWhenStep<Long, Long> numbering = null;
        for (Long id : ids) {
            numbering = numbering == null ? DSL.choose(EVENT_LOG.ID).when(id, ++position)
                    : numbering.when(id, ++position);
        }
        int numbered = dsl.update(EVENT_LOG)
                .set(EVENT_LOG.POSITION, numbering.otherwise(EVENT_LOG.POSITION))
                .where(EVENT_LOG.ID.in(ids))
                .and(EVENT_LOG.POSITION.isNull())
                .execute();
        if (numbered != ids.size()) {
            throw new IllegalStateException("Numbered " + numbered + " of " + ids.size() + " events from position "
                    + first + ": another sequencer ran without holding the event_sequencer lock");
        }
        return new Pass(ids.size(), position);
    }

    /** Tells waiting readers that positions up to {@code position} are assigned (by this process's group commit). */
    void announce(long position) {
        lock.lock();
        try {
            if (position > highestKnownPosition) {
                highestKnownPosition = position;
            }
            positionsAssigned.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * How the background thread looks for unsequenced events it was not told about.
     *
     * @param enabled   whether it looks at all
     * @param interval  the wait after a pass (and after a failure)
     * @param idleLimit the longest wait: each poll that finds nothing doubles the wait up to it
     */
    record Polling(boolean enabled, Duration interval, Duration idleLimit) {
    }

    /** One sequencing pass: how many events it numbered and the last position given (its own, or the one before). */
    record Pass(int count, long lastPosition) {
    }
}
