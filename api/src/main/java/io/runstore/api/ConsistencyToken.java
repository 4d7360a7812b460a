package io.runstore.api;

/**
 * The header every successful write answers with, {@code <run_id>:<sequence number of the run's last event after the
 * write>}; a read that sends it back waits until the projection has applied that event (read-your-writes).
 */
public record ConsistencyToken(String runId, long sequence) {

    public static final String HEADER = "Runstore-Consistency-Token";
    /**
     * Request attribute: further writes a request made beside the one its header names (a {@code List} of tokens,
     * e.g. the runs an experiment's archive archived), which the write must also wait for before it answers.
     */
    public static final String MORE_WRITES = ConsistencyToken.class.getName() + ".moreWrites";

    /** The header's value. */
    @Override
    public String toString() {
        return runId + ":" + sequence;
    }

    /**
     * Reads a token as the command API wrote it (the run id may itself contain colons: the last one separates).
     *
     * @throws IllegalArgumentException naming the expected format
     */
    public static ConsistencyToken parse(String value) {
        int colon = value.lastIndexOf(':');
        long sequence = -1;
        if (colon > 0) {
            try {
                sequence = Long.parseLong(value.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                sequence = -1;
            }
        }
        if (sequence < 0) {
            throw new IllegalArgumentException(HEADER + " must be '<run_id>:<sequence>' as the command API returned "
                    + "it, got '" + value + "'");
        }
        return new ConsistencyToken(value.substring(0, colon), sequence);
    }
}
