package io.runstore.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Every setting of the command side, each read here only (the names are those of the README's table):
 * {@code runstore.command.*}, {@code runstore.event-store.group-commit-*}, {@code runstore.snapshot.threshold},
 * {@code runstore.aggregate-cache.*}. The event store's engine is built with {@link EventStore};
 * the command bus asks the engine whether it groups commits, so the two cannot disagree.
 */
@ConfigurationProperties("runstore")
public record CommandSideProperties(@DefaultValue Command command, @DefaultValue EventStore eventStore,
                                    @DefaultValue Snapshot snapshot, @DefaultValue AggregateCache aggregateCache) {

    /**
     * @param maxRequestSize a write request with a larger body is refused with 413
     * @param maxAttempts    a command that lost a race is sent again this often before 409
     * @param writeTimeout   the longest a command waits for its events to be written before it is answered 503
     */
    public record Command(@DefaultValue("8MB") DataSize maxRequestSize, @DefaultValue("8") int maxAttempts,
                          @DefaultValue("10s") Duration writeTimeout) {
    }

    /**
     * @param groupCommitMax       the most commands one group-commit transaction writes; 0: a transaction per command
     * @param groupCommitMaxEvents the most events one group-commit transaction writes (one command's are never split)
     * @param groupCommitMaxBytes  about the most bytes of events one group-commit transaction writes (likewise)
     */
    public record EventStore(@DefaultValue("200") int groupCommitMax, @DefaultValue("10000") int groupCommitMaxEvents,
                             @DefaultValue("64MB") DataSize groupCommitMaxBytes) {
    }

    /** @param threshold a run is snapshotted every this many events */
    public record Snapshot(@DefaultValue("500") int threshold) {
    }

    /**
     * @param maxBytes            about the most heap the runs kept in memory between commands take (each run weighed
     *                            by an estimate of its size)
     * @param verify              check a cached run that answered without writing against the event log (other
     *                            servers)
     * @param recentTasksMaxBytes about the most heap the task answers kept for the next write of each task take
     */
    public record AggregateCache(@DefaultValue("256MB") DataSize maxBytes, @DefaultValue("true") boolean verify,
                                 @DefaultValue("64MB") DataSize recentTasksMaxBytes) {
    }
}
