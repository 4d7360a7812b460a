package io.runstore.command.config;

import org.springframework.http.ResponseEntity;

/**
 * The response header every successful write carries: {@code <run_id>:<sequence number of the run's last event after
 * the write>}. The query side can wait until it has projected that event, so a client reads its own write.
 */
public final class ConsistencyToken {

    public static final String HEADER = "Runstore-Consistency-Token";

    private ConsistencyToken() {
    }

    public static String of(String runId, long sequence) {
        return runId + ":" + sequence;
    }

    /** A 200 answer to a write, carrying the token of its last event. */
    public static <T> ResponseEntity<T> ok(Written written, T body) {
        return ResponseEntity.ok().header(HEADER, of(written.runId(), written.sequence())).body(body);
    }
}
