package io.runstore.query.consistency;

import io.runstore.api.ConsistencyToken;
import io.runstore.api.ErrorCode;
import io.runstore.query.web.QueryException;
import io.runstore.security.Caller;
import io.runstore.security.RunNamespaces;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import static io.runstore.readtables.schema.Tables.EXPERIMENT;
import static io.runstore.readtables.schema.Tables.PROJECTION_DEAD_LETTER;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_TOMBSTONE;

/**
 * Read-your-writes. A read carrying the {@value ConsistencyToken#HEADER} header the command API returned ({@code <run_id>:<seq>})
 * waits, at most the configured time, until the projection has applied that event: the run's {@code run_list.version}
 * or its tombstone's version has reached {@code seq}. Otherwise it answers 503 UNAVAILABLE with Retry-After: a
 * retryable refusal, not a stale answer. The server's write path waits here too ({@link #reached}) before it answers
 * a client that sends no token.
 * <p>
 * Bounded: in multi-user mode the token's run is authorized first (a run the caller may not read answers exactly as a
 * run that does not exist: at once, 400, so neither the answer nor its timing tells whether another namespace's run
 * exists); at most
 * {@code maxWaiters} requests wait at a time (beyond that 503 with Retry-After at once, so nobody can hold every
 * request thread); a run parked in the projection's dead letters answers a non-retryable 500 instead of "retry".
 */
public final class ConsistencyWait {

    private static final long FIRST_PAUSE_MILLIS = 2;
    private static final long MAX_PAUSE_MILLIS = 25;
    private static final int RETRY_AFTER_SECONDS = 1;

    private final DSLContext dsl;
    private final Duration limit;
    private final RunNamespaces namespaces;
    private final int maxWaiters;
    private final Semaphore waiters;

    /**
     * @param namespaces the namespace of a run (or experiment) from its creation event; empty: unknown
     * @param maxWaiters the most requests that wait at a time
     */
    public ConsistencyWait(DSLContext dsl, Duration limit, RunNamespaces namespaces, int maxWaiters) {
        this.dsl = dsl;
        this.limit = limit;
        this.namespaces = namespaces;
        this.maxWaiters = maxWaiters;
        this.waiters = new Semaphore(maxWaiters);
    }

    /**
     * Returns once the write the token names is visible; does nothing without a token. The caller must be allowed to
     * read the token's run.
     */
    public void await(String token, Caller caller) {
        if (token == null || token.isBlank()) {
            return;
        }
        ConsistencyToken write;
        try {
            write = ConsistencyToken.parse(token);
        } catch (IllegalArgumentException e) {
            throw QueryException.invalid(e.getMessage());
        }
        if (caller.multiUser()) {
            Optional<String> namespace = namespaces.of(write.runId());
            if (namespace.isEmpty() || !caller.mayRead(namespace.get())) {
                throw QueryException.invalid(ConsistencyToken.HEADER + ": no write of run " + write.runId()
                        + " is known to this caller");
            }
        }
        switch (reachedOrWhy(write, limit)) {
            case REACHED -> {
            }
            case PARKED -> throw parked(write.runId());
            case BUSY -> throw new QueryException(ErrorCode.UNAVAILABLE, maxWaiters + " reads are waiting for the "
                    + "projection already; retry after " + RETRY_AFTER_SECONDS + " s", RETRY_AFTER_SECONDS);
            case NOT_YET -> {
                long seconds = Math.max(1, limit.toSeconds());
                throw new QueryException(ErrorCode.UNAVAILABLE, "the write " + token + " is not visible yet: the "
                        + "projection has not applied it within " + limit.toMillis() + " ms; retry the read",
                        (int) seconds);
            }
        }
    }

    /** Waits at most the configured time for the projection to apply the run's event {@code sequence} (0: its creation). */
    public boolean reached(String runId, long sequence) {
        return reached(new ConsistencyToken(runId, sequence), limit);
    }

    /**
     * Whether the projection applied the write within {@code within}: false at once when the run is parked as a dead
     * letter or when {@code maxWaiters} requests wait already.
     */
    public boolean reached(ConsistencyToken write, Duration within) {
        return reachedOrWhy(write, within) == Outcome.REACHED;
    }

    /** How many requests wait now. */
    public int waiting() {
        return maxWaiters - waiters.availablePermits();
    }

    private enum Outcome { REACHED, NOT_YET, PARKED, BUSY }

    /** Checks at once; if not applied yet, takes a waiter's place and checks again after growing pauses. */
    private Outcome reachedOrWhy(ConsistencyToken write, Duration within) {
        Outcome now = check(write);
        if (now != Outcome.NOT_YET || within.isZero()) {
            return now;
        }
        if (!waiters.tryAcquire()) {
            return Outcome.BUSY;
        }
        try {
            long deadline = System.nanoTime() + within.toNanos();
            long pause = FIRST_PAUSE_MILLIS;
            while (System.nanoTime() < deadline) {
                sleep(pause);
                pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
                Outcome outcome = check(write);
                if (outcome != Outcome.NOT_YET) {
                    return outcome;
                }
            }
            return Outcome.NOT_YET;
        } finally {
            waiters.release();
        }
    }

    /**
     * One statement: the run's (or experiment's) applied version (its read row's, or its tombstone's once deleted; -1:
     * none) and whether the run has a dead letter.
     */
    private Outcome check(ConsistencyToken write) {
        String id = write.runId();
        Record2<Long, Boolean> row = dsl.select(DSL.greatest(
                        DSL.coalesce(DSL.field(dsl.select(RUN_LIST.VERSION).from(RUN_LIST).where(RUN_LIST.RUN_ID.eq(id))), -1L),
                        DSL.coalesce(DSL.field(dsl.select(RUN_TOMBSTONE.VERSION).from(RUN_TOMBSTONE)
                                .where(RUN_TOMBSTONE.RUN_ID.eq(id))), -1L),
                        DSL.coalesce(DSL.field(dsl.select(EXPERIMENT.VERSION).from(EXPERIMENT)
                                .where(EXPERIMENT.EXPERIMENT_ID.eq(id))), -1L)),
                        DSL.field(DSL.exists(dsl.selectOne().from(PROJECTION_DEAD_LETTER)
                                .where(PROJECTION_DEAD_LETTER.RUN_ID.eq(id)))))
                .fetchOne();
        long version = row == null || row.value1() == null ? -1 : row.value1();
        if (version >= write.sequence()) {
            return Outcome.REACHED;
        }
        return row != null && Boolean.TRUE.equals(row.value2()) ? Outcome.PARKED : Outcome.NOT_YET;
    }

    private static QueryException parked(String runId) {
        return new QueryException(ErrorCode.INTERNAL, "run " + runId + " is parked in the projection's dead letters: "
                + "reads will not show this write until an operator replays the run; retrying does not help");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the projection", 1);
        }
    }
}
