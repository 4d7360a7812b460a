package io.runstore.query.consistency;

import io.runstore.api.ConsistencyToken;
import io.runstore.api.ErrorCode;
import io.runstore.query.web.QueryException;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Duration;

import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_TOMBSTONE;

/**
 * Read-your-writes: a read carrying the {@value ConsistencyToken#HEADER} header the command API returned ({@code <run_id>:<seq>})
 * waits, at most the configured time, until the projection has applied that event: the run's {@code run_list.version}
 * or its tombstone's version has reached {@code seq}. Otherwise it answers 503 UNAVAILABLE with Retry-After: a
 * retryable refusal, not a stale answer.
 */
public final class ConsistencyWait {

    private static final long FIRST_PAUSE_MILLIS = 5;
    private static final long MAX_PAUSE_MILLIS = 50;

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
        String runId = write.runId();
        long sequence = write.sequence();
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (appliedVersion(runId) < sequence) {
            if (System.nanoTime() >= deadline) {
                long seconds = Math.max(1, limit.toSeconds());
                throw new QueryException(ErrorCode.UNAVAILABLE, "the write " + token + " is not visible yet: the "
                        + "projection has not applied it within " + limit.toMillis() + " ms; retry the read", (int) seconds);
            }
            sleep(pause);
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
    }

    private long appliedVersion(String runId) {
        Long version = dsl.select(DSL.greatest(
                        DSL.coalesce(DSL.field(dsl.select(RUN_LIST.VERSION).from(RUN_LIST).where(RUN_LIST.RUN_ID.eq(runId))), -1L),
                        DSL.coalesce(DSL.field(dsl.select(RUN_TOMBSTONE.VERSION).from(RUN_TOMBSTONE)
                                .where(RUN_TOMBSTONE.RUN_ID.eq(runId))), -1L)))
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
