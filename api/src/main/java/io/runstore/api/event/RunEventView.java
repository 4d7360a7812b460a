package io.runstore.api.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/**
 * One event of a run's history as the API shows it (runstore's public event shape, version 1): its sequence number in
 * the run (what a consistency token names), its global position, the event type (e.g. {@code RunArchived}) and the
 * revision of that type it is shown at (always the current one: older events are upcast), when it happened, the id of
 * the command that produced it, who caused it ({@code principal}, in multi-user mode) and the namespace it was
 * authorized in, and the event's fields in snake_case ({@link PublicEventJson}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunEventView(long sequence, Long position, String type, String revision, Instant occurredAt,
                           String commandId, String principal, String namespace, JsonNode payload) {

    /** A page of a run's history, oldest first. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(List<RunEventView> events, String nextPageToken) {
    }
}
