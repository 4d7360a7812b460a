package io.runstore.publisher;

import org.apache.kafka.clients.producer.ProducerConfig;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the publisher does.
 *
 * @param topic             the Kafka topic the events go to; the stored position is per topic
 * @param batchSize         events read from the log and sent before the position is stored: at most this many are sent
 *                          again after a crash
 * @param pollInterval      how often a caught-up publisher looks at the head of the log
 * @param retryBackoff      pause after a failed batch (the producer is closed and made anew), doubled up to a minute
 * @param unhealthyAfter    health is DOWN when events wait and none could be published for longer than this
 * @param startPosition     where a topic without a stored position starts: 0 publishes the whole log
 * @param createTopic       create the topic when it does not exist
 * @param partitions        partitions of a topic it creates
 * @param replicationFactor replication factor of a topic it creates; -1: the broker's default
 * @param producer          Kafka producer properties ({@code bootstrap.servers}, security, tuning); {@code acks} is
 *                          always {@code all} and the producer idempotent
 */
public record PublisherSettings(String topic, int batchSize, Duration pollInterval, Duration retryBackoff,
                                Duration unhealthyAfter, long startPosition, boolean createTopic, int partitions,
                                short replicationFactor, Map<String, Object> producer) {

    public PublisherSettings {
        Objects.requireNonNull(topic, "topic");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("runstore.publisher.topic is empty");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("runstore.publisher.batch-size must be positive, not " + batchSize);
        }
        if (startPosition < 0) {
            throw new IllegalArgumentException("runstore.publisher.start-position must be 0 or more, not "
                    + startPosition);
        }
        producer = Map.copyOf(producer);
        Object acks = producer.get(ProducerConfig.ACKS_CONFIG);
        if (acks != null && !acks.toString().equals("all") && !acks.toString().equals("-1")) {
            throw new IllegalArgumentException("The publisher sends with acks=all (an event acknowledged by one broker"
                    + " only may be lost); remove acks=" + acks + " from runstore.publisher.producer");
        }
        Object idempotence = producer.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        if (idempotence != null && !Boolean.parseBoolean(idempotence.toString().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("The publisher's producer is idempotent (a retried send must not"
                    + " reorder a run's events); remove enable.idempotence=" + idempotence
                    + " from runstore.publisher.producer");
        }
        if (!producer.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("runstore.publisher.bootstrap-servers (the Kafka brokers) is not set");
        }
    }

    /** The producer's properties: the given ones, acks=all, idempotence, and the serializers of key and value. */
    Map<String, Object> producerProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "runstore-publisher-" + topic);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.putAll(producer);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                "org.apache.kafka.common.serialization.StringSerializer");
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                "org.apache.kafka.common.serialization.ByteArraySerializer");
        return properties;
    }
}
