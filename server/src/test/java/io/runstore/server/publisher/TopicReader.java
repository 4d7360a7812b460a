package io.runstore.server.publisher;

import io.runstore.api.event.EventHeaders;
import io.runstore.api.event.PublicEventJson;
import io.runstore.api.event.RunEventView;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads every record of a topic from its beginning, in each partition's order, as a test's consumer would. */
final class TopicReader implements AutoCloseable {

    /** One record: partition, offset, key, headers, the event. */
    record Received(int partition, long offset, String key, String eventId, String type, long position,
                    String principal, RunEventView event, byte[] value) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final List<Received> received = new ArrayList<>();
    private boolean assigned;

    TopicReader(String bootstrapServers, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000));
    }

    /** Polls once and returns every record read so far. */
    List<Received> poll() {
        if (!assigned) {
            List<PartitionInfo> partitions;
            try {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            } catch (org.apache.kafka.common.errors.TimeoutException notYet) {
                return List.copyOf(received);  // the publisher has not created the topic yet
            }
            if (partitions == null || partitions.isEmpty()) {
                return List.copyOf(received);
            }
            List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            assigned = true;
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            received.add(new Received(record.partition(), record.offset(), record.key(),
                    header(record, EventHeaders.EVENT_ID), header(record, EventHeaders.EVENT_TYPE),
                    Long.parseLong(header(record, EventHeaders.POSITION)), header(record, EventHeaders.PRINCIPAL),
                    PublicEventJson.read(record.value()), record.value()));
        }
        return List.copyOf(received);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
