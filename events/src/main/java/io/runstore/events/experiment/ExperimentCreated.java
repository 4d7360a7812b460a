package io.runstore.events.experiment;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An experiment was created in a namespace ('' in single-user mode). */
@Revision("1")
public record ExperimentCreated(String experimentId, String namespace, String displayName, String description,
                                Instant createdAt) {
}
