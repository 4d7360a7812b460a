package io.runstore.eventstore;

import java.time.Instant;
import java.util.Optional;

/**
 * What the group-commit worker reports to health.
 *
 * @param workerAlive   whether its thread runs (when it does not, every write is answered unavailable at once)
 * @param queued        commands waiting to be written
 * @param failedGroups  groups failed as a whole since start because the worker caught an unexpected throwable
 *                      (an {@link Error}, a bug): their commands were answered unavailable, later groups went on
 * @param lastFailure   the last of those throwables, as text
 * @param lastFailureAt when it was caught
 */
public record GroupCommitHealth(boolean workerAlive, int queued, long failedGroups, Optional<String> lastFailure,
                                Optional<Instant> lastFailureAt) {
}
