package io.runstore.query.task;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/** KFP's {@code FindCachedTaskRequest}. */
record FindCachedRequest(@JsonProperty("namespace") String namespace,
                         @JsonProperty("cache_fingerprint") @JsonAlias("cacheFingerprint") String cacheFingerprint) {
}
