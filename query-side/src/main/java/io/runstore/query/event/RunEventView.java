package io.runstore.query.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/**
 * One event of a run's history: its sequence number in the run (what a consistency token names), the event type
 * (e.g. {@code RunArchived}), when it happened, the id of the command that produced it and what changed (the event
 * payload as stored).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunEventView(long sequence, String type, String revision, Instant occurredAt, String commandId,
                           @JsonRawValue String payload) {

    /** A page of a run's history, oldest first. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(List<RunEventView> events, String nextPageToken) {
    }
}
