package io.runstore.server.config;

import io.runstore.publisher.PublisherSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The publisher role's settings, {@code runstore.publisher.*} (the names are those of the README's table).
 *
 * @param bootstrapServers  the Kafka brokers ({@code host:port,...})
 * @param topic             the topic every event goes to
 * @param batchSize         events sent before the position is stored (at most this many are sent again after a crash)
 * @param pollInterval      how often a caught-up publisher looks at the head of the log
 * @param retryBackoff      pause after a failed batch, doubled up to a minute
 * @param unhealthyAfter    health DOWN when events wait and none could be published for longer
 * @param startPosition     where a topic without a stored position starts (0: the whole log)
 * @param createTopic       create the topic if it does not exist
 * @param partitions        partitions of a topic it creates
 * @param replicationFactor replication factor of a topic it creates (-1: the broker's default)
 * @param producer          further Kafka producer properties ({@code runstore.publisher.producer[linger.ms]=10});
 *                          acks is always all and the producer idempotent
 */
@ConfigurationProperties("runstore.publisher")
public record PublisherProperties(String bootstrapServers, @DefaultValue("runstore-events") String topic,
                                  @DefaultValue("500") int batchSize, @DefaultValue("50ms") Duration pollInterval,
                                  @DefaultValue("1s") Duration retryBackoff,
                                  @DefaultValue("1m") Duration unhealthyAfter,
                                  @DefaultValue("0") long startPosition, @DefaultValue("true") boolean createTopic,
                                  @DefaultValue("12") int partitions, @DefaultValue("-1") short replicationFactor,
                                  Map<String, String> producer) {

    public PublisherSettings settings() {
        Map<String, Object> properties = new HashMap<>();
        if (producer != null) {
            properties.putAll(producer);
        }
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            properties.put("bootstrap.servers", bootstrapServers);
        }
        return new PublisherSettings(topic, batchSize, pollInterval, retryBackoff, unhealthyAfter, startPosition,
                createTopic, partitions, replicationFactor, properties);
    }
}
