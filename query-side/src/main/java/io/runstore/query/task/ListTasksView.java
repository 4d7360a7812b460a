package io.runstore.query.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.runstore.query.listing.RawJson;

import java.util.List;

/** KFP's {@code ListTasksResponse}: each task as the projector stored it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListTasksView(List<RawJson> tasks, String nextPageToken, long totalSize) {
}
