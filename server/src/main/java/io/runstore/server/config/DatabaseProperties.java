package io.runstore.server.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the server treats its database, {@code runstore.database.*}.
 *
 * @param unavailableTimeout the longest a request waits for a database it cannot reach before it is answered 503 with
 *                           Retry-After: the connection pool's connection timeout (and half of it its validation
 *                           timeout)
 * @param responseTimeout    the longest a read or write waits for the database's next bytes before its connection is
 *                           given up as dead (a host that stopped answering without closing it); 0 for none. Not for
 *                           DDL. Longer than any statement's own timeout, so that a slow statement still fails as a
 *                           timeout of its own
 */
@ConfigurationProperties("runstore.database")
public record DatabaseProperties(@DefaultValue("2s") Duration unavailableTimeout,
                                 @DefaultValue("60s") Duration responseTimeout) {
}
