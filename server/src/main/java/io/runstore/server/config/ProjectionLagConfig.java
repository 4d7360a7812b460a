package io.runstore.server.config;

import io.runstore.eventstore.EventLogReader;
import io.runstore.server.projection.ProjectionLag;
import io.runstore.server.projection.ProjectionLagHealth;
import io.runstore.server.projection.ProjectionLagMetrics;
import org.axonframework.serialization.Serializer;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import java.time.Clock;

/**
 * The query role reports how current its reads are (the projection's position and lag, from the database), also when
 * the projector runs in another process: health component {@code projectionLag}, meters
 * {@code runstore_query_projection_*}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("query")
class ProjectionLagConfig {

    @Bean
    ProjectionLag projectionLagReader(DSLContext dsl, Serializer serializer, EventLogReader reader) {
        return new ProjectionLag(dsl, serializer, reader, Clock.systemUTC());
    }

    @Bean
    ProjectionLagHealth projectionLag(ProjectionLag lag) {
        return new ProjectionLagHealth(lag);
    }

    @Bean
    ProjectionLagMetrics projectionLagMetrics(ProjectionLag lag) {
        return new ProjectionLagMetrics(lag);
    }
}
