package io.runstore.publisher;

import java.time.Duration;
import java.time.Instant;

/**
 * How the publisher is doing, for health.
 *
 * @param healthy        false when events wait and none could be published for longer than the configured time
 * @param topic          the topic
 * @param position       the stored position (-1 before the first batch)
 * @param behind         events of the log after the position, at the last look
 * @param stalledFor     how long since the publisher last stored a batch or found nothing to publish
 * @param lastError      the last failure, if the publisher has failed since its last success
 * @param lastProgressAt when it last stored a batch or found nothing to publish
 */
public record PublisherStatus(boolean healthy, String topic, long position, long behind, Duration stalledFor,
                              String lastError, Instant lastProgressAt) {
}
