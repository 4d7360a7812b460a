package io.runstore.query.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * {@code runstore.query.*}.
 *
 * @param pageTokenKey     the secret page tokens are signed with (HMAC-SHA256); every replica needs the same one.
 *                         Unset: the keys in the database's {@code page_token_key} table, shared by every replica.
 * @param consistencyWait  how long a read carrying a consistency token waits for the projection to apply that write
 * @param statementTimeout how long one query may run; a filter outside the indexed set on a large scope hits it
 * @param maxConsistencyWaiters the most reads that wait for the projection at a time; beyond, 503 with Retry-After
 * @param previousPageTokenKeys keys tokens were signed with before {@code pageTokenKey}: still accepted (rotation)
 */
@ConfigurationProperties("runstore.query")
public record QueryProperties(String pageTokenKey, Duration consistencyWait, Duration statementTimeout,
                              Integer maxConsistencyWaiters, List<String> previousPageTokenKeys) {

    public QueryProperties {
        previousPageTokenKeys = previousPageTokenKeys == null ? List.of() : previousPageTokenKeys;
        maxConsistencyWaiters = maxConsistencyWaiters == null ? 32 : maxConsistencyWaiters;
        consistencyWait = consistencyWait == null ? Duration.ofSeconds(2) : consistencyWait;
        statementTimeout = statementTimeout == null ? Duration.ofSeconds(5) : statementTimeout;
    }
}
