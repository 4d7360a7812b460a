package io.runstore.database;

/**
 * Marks a statement whose wait for a lock is part of the design, however long the lock's holder keeps it (the live
 * projector at the projection gate while a rebuild switches tables): the database is answering, it is the holder that
 * takes its time, so the per-statement bound on a silent database ({@code runstore.database.response-timeout}) does
 * not apply to it. The mark is a jOOQ configuration data entry, set on the configuration the statement runs with.
 */
public final class LockWait {

    /** The key of the jOOQ configuration data entry; its value is {@link Boolean#TRUE} on a marked configuration. */
    public static final String DATA_KEY = "io.runstore.database.LockWait";

    private LockWait() {
    }

    /** Whether a configuration's data entry under {@link #DATA_KEY} marks it. */
    public static boolean marks(Object dataEntry) {
        return Boolean.TRUE.equals(dataEntry);
    }
}
