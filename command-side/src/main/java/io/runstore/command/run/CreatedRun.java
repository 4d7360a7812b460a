package io.runstore.command.run;

import java.time.Instant;

/** The result of {@link CreateRun}: what the server chose (the run id and creation time); the rest is the request. */
public record CreatedRun(String runId, long sequence, Instant createdAt) implements Written {
}
