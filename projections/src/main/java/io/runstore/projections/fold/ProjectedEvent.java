package io.runstore.projections.fold;

import java.time.Instant;

/**
 * One event of a run as the projector applies it.
 *
 * @param runId     the run (aggregate) the event belongs to
 * @param sequence  the event's sequence number within the run: the version the read rows take
 * @param position  its global position in the event log (for dead letters and progress)
 * @param timestamp when it was appended
 * @param payload   the event record (RunCreated, TaskUpdated, ...)
 */
public record ProjectedEvent(String runId, long sequence, long position, Instant timestamp, Object payload) {
}
