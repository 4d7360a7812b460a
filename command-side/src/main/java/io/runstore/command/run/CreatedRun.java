package io.runstore.command.run;

import io.runstore.command.config.Written;

import java.time.Instant;

/** The result of {@link CreateRun}: what the server chose (the run id and creation time); the rest is the request. */
record CreatedRun(String runId, long sequence, Instant createdAt) implements Written {
}
