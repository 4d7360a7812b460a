package io.runstore.server.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.runstore.eventstore.EventLogReader;
import io.runstore.publisher.EventPublisher;
import io.runstore.publisher.PublisherPositions;
import io.runstore.publisher.PublisherStatus;
import io.runstore.server.schema.SchemasOnStart;
import org.jooq.DSLContext;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import java.time.Clock;

/**
 * The publisher role: follows the event log and sends every event to Kafka ({@link EventPublisher}), its position in
 * {@code publisher_position}; health component {@code publisher}, metrics {@code runstore_publisher_*}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("publisher")
@EnableConfigurationProperties(PublisherProperties.class)
class PublisherConfig {

    @Bean
    PublisherPositions publisherPositions(DSLContext dsl, SchemasOnStart schemas) {
        // the schemas are migrated (or checked) before the publisher reads its position
        return new PublisherPositions(dsl, Clock.systemUTC());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    EventPublisher eventPublisher(EventLogReader reader, PublisherPositions positions, PublisherProperties properties,
                                  MeterRegistry meters) {
        return new EventPublisher(reader, positions, properties.settings(), meters, Clock.systemUTC());
    }

    /**
     * {@code /actuator/health} component "publisher": DOWN when events wait and none could be published for longer
     * than {@code runstore.publisher.unhealthy-after}; the topic, position, events behind and the last error.
     */
    @Bean
    HealthIndicator publisher(EventPublisher publisher) {
        return () -> {
            PublisherStatus status = publisher.status();
            Health.Builder health = status.healthy() ? Health.up() : Health.down();
            health.withDetail("topic", status.topic())
                    .withDetail("position", status.position())
                    .withDetail("behind", status.behind())
                    .withDetail("stalledFor", status.stalledFor().toString())
                    .withDetail("lastProgressAt", status.lastProgressAt().toString());
            if (status.lastError() != null) {
                health.withDetail("lastError", status.lastError());
            }
            return health.build();
        };
    }
}
