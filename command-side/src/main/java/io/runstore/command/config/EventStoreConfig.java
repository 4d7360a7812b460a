package io.runstore.command.config;

import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import javax.sql.DataSource;

/** The event store's tables (migrated by the command role) and the snake_case names Axon uses for them. */
@Configuration(proxyBeanMethods = false)
class EventStoreConfig {

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    @Profile("command")
    EventStoreMigration eventStoreMigration(DataSource dataSource, DSLContext dsl) {
        return new EventStoreMigration(dataSource, dsl.dialect());
    }

    /** Migrates the event store schema when the application context starts, before any processor or request runs. */
    static final class EventStoreMigration {

        EventStoreMigration(DataSource dataSource, SQLDialect dialect) {
            String vendor = dialect.family() == SQLDialect.POSTGRES ? "postgresql" : "mysql";
            Flyway.configure()
                    .dataSource(dataSource)
                    .table("flyway_history_eventstore")
                    .locations("classpath:db/eventstore/" + vendor)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        }
    }
}
