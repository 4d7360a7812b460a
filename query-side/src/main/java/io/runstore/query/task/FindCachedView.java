package io.runstore.query.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.runstore.query.listing.RawJson;

/** KFP's {@code FindCachedTaskResponse}: {@code {"task": {...}}}, or {@code {}} when nothing is cached. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FindCachedView(RawJson task) {
}
