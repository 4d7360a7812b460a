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
 */
@ConfigurationProperties("runstore.database")
public record DatabaseProperties(@DefaultValue("2s") Duration unavailableTimeout) {
}
