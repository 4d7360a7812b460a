package io.runstore.database;

/**
 * What kind of database failure a throwable is, decided once for every caller by {@link DatabaseFailures}.
 */
public enum DatabaseFailure {

    /** A unique key was taken: a lost race for a run's next sequence number or an idempotency key, a key written twice. */
    DUPLICATE_KEY(false),
    /** A deadlock, a lock wait that timed out, a serialization failure: the same work may succeed when tried again. */
    CONCURRENCY(true),
    /** A statement the database or the driver cancelled because it outlasted its timeout. */
    TIMEOUT(true),
    /**
     * The database cannot be reached or cannot serve now: no connection from the pool, a connection broken
     * mid-statement, the server shutting down or out of resources.
     */
    UNAVAILABLE(true),
    /** Any other failure the database answered: the same statement will fail again (bad value, constraint, grammar). */
    PERMANENT(false),
    /** Not a database failure at all (nothing in the cause chain came from the database or the driver). */
    NONE(false);

    private final boolean transientFailure;

    DatabaseFailure(boolean transientFailure) {
        this.transientFailure = transientFailure;
    }

    /** Whether trying the same work again later may succeed. */
    public boolean isTransient() {
        return transientFailure;
    }
}
