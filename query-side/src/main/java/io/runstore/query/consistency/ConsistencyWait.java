package io.runstore.query.consistency;

import io.runstore.api.ConsistencyToken;
import io.runstore.api.ErrorCode;
import io.runstore.query.web.QueryException;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Duration;

import static io.runstore.readtables.schema.Tables.EXPERIMENT;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_TOMBSTONE;

/**
 * Read-your-writes. A read carrying the {@value ConsistencyToken#HEADER} header the command API returned ({@code <run_id>:<seq>})
 * waits, at most the configured time, until the projection has applied that event: the run's {@code run_list.version}
 * or its tombstone's version has reached {@code seq}. Otherwise it answers 503 UNAVAILABLE with Retry-After: a
 * retryable refusal, not a stale answer. The server's write path waits here too ({@link #reached}) before it answers
 * a client that sends no token.
 */
public final class ConsistencyWait {

    private static final long FIRST_PAUSE_MILLIS = 2;
    private static final long MAX_PAUSE_MILLIS = 25;

    private final DSLContext dsl;
    private final Duration limit;

    public ConsistencyWait(DSLContext dsl, Duration limit) {
        this.dsl = dsl;
        this.limit = limit;
    }

    /** Returns once the write the token names is visible; does nothing without a token. */
    public void await(String token) {
        if (token == null || token.isBlank()) {
            return;
        }
        ConsistencyToken write;
        try {
            write = ConsistencyToken.parse(token);
        } catch (IllegalArgumentException e) {
            throw QueryException.invalid(e.getMessage());
        }
        if (!reached(write, limit)) {
            long seconds = Math.max(1, limit.toSeconds());
            throw new QueryException(ErrorCode.UNAVAILABLE, "the write " + token + " is not visible yet: the "
                    + "projection has not applied it within " + limit.toMillis() + " ms; retry the read", (int) seconds);
        }
    }

    /** Waits at most the configured time for the projection to apply the run's event {@code sequence} (0: its creation). */
    public boolean reached(String runId, long sequence) {
        return reached(new ConsistencyToken(runId, sequence), limit);
    }

    /**
     * Whether the projection applied the write within {@code within}: the run's read row or its tombstone has reached
     * the token's sequence number. Checks at once, then after growing pauses.
     */
    public boolean reached(ConsistencyToken write, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (appliedVersion(write.runId()) < write.sequence()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            sleep(pause);
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
        return true;
    }

    /** The run's (or experiment's) applied version: its read row's, or its tombstone's once deleted; -1: none. */
    private long appliedVersion(String id) {
        Long version = dsl.select(DSL.greatest(
                        DSL.coalesce(DSL.field(dsl.select(RUN_LIST.VERSION).from(RUN_LIST).where(RUN_LIST.RUN_ID.eq(id))), -1L),
                        DSL.coalesce(DSL.field(dsl.select(RUN_TOMBSTONE.VERSION).from(RUN_TOMBSTONE)
                                .where(RUN_TOMBSTONE.RUN_ID.eq(id))), -1L),
                        DSL.coalesce(DSL.field(dsl.select(EXPERIMENT.VERSION).from(EXPERIMENT)
                                .where(EXPERIMENT.EXPERIMENT_ID.eq(id))), -1L)))
                .fetchOne(0, Long.class);
        return version == null ? -1 : version;
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
