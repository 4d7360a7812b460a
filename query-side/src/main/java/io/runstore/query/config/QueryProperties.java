package io.runstore.query.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code runstore.query.*}.
 *
 * @param pageTokenKey     the secret page tokens are signed with (HMAC-SHA256); every replica needs the same one.
 *                         Unset: a random key per process (tokens do not survive a restart).
 * @param consistencyWait  how long a read carrying a consistency token waits for the projection to apply that write
 * @param statementTimeout how long one query may run; a filter outside the indexed set on a large scope hits it
 */
@ConfigurationProperties("runstore.query")
public record QueryProperties(String pageTokenKey, Duration consistencyWait, Duration statementTimeout) {

    public QueryProperties {
        consistencyWait = consistencyWait == null ? Duration.ofSeconds(2) : consistencyWait;
        statementTimeout = statementTimeout == null ? Duration.ofSeconds(5) : statementTimeout;
    }
}
