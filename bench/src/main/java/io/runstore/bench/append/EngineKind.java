package io.runstore.bench.append;

import io.runstore.eventstore.EventStoreSchema;
import io.runstore.eventstore.JooqEventStorageEngine;
import io.runstore.testsupport.DatabaseKind;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.flywaydb.core.Flyway;
import org.jooq.Table;
import org.jooq.impl.DSL;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;

/** The two engines compared, each on its own tables in a fresh database, configured as a server would run it. */
public enum EngineKind {

    /** Axon's stock engine on the V1 tables (snake_case, BYTEA / LONGBLOB), as the server ran before issue #3. */
    STOCK("Axon JdbcEventStorageEngine", DSL.table(DSL.name("domain_event_entry"))) {
        @Override
        public EventStorageEngine open(BenchDatabase db) {
            String vendor = db.kind == DatabaseKind.POSTGRESQL ? "postgresql" : "mysql";
            Flyway.configure().dataSource(db.dataSource).table("flyway_history_eventstore")
                    .locations("classpath:db/eventstore/" + vendor).target("1").load().migrate();
            return JdbcEventStorageEngine.builder()
                    .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                            new SpringDataSourceConnectionProvider(db.dataSource)))
                    .transactionManager(db.axonTransactionManager)
                    .persistenceExceptionResolver(new JdbcSQLErrorCodesResolver())
                    .schema(EventSchema.builder()
                            .eventTable("domain_event_entry").snapshotTable("snapshot_event_entry")
                            .globalIndexColumn("global_index").eventIdentifierColumn("event_identifier")
                            .aggregateIdentifierColumn("aggregate_identifier").sequenceNumberColumn("sequence_number")
                            .typeColumn("type").timestampColumn("time_stamp").payloadTypeColumn("payload_type")
                            .payloadRevisionColumn("payload_revision").payloadColumn("payload")
                            .metaDataColumn("meta_data").build())
                    .eventSerializer(db.serializer)
                    .snapshotSerializer(db.serializer)
                    .build();
        }

        @Override
        public EmbeddedEventStore eventStore(EventStorageEngine engine) {
            return EmbeddedEventStore.builder().storageEngine(engine).build();
        }
    },

    /**
     * runstore's engine on event_log as the server configures it: group commit (commands run without a transaction
     * of their own), the sequencer for appends made inside transactions, the server's fetch delay.
     */
    RUNSTORE("runstore JooqEventStorageEngine", EVENT_LOG) {
        @Override
        public EventStorageEngine open(BenchDatabase db) {
            EventStoreSchema.migrate(db.dataSource, db.database.dialect());
            JooqEventStorageEngine engine = JooqEventStorageEngine.builder()
                    .dsl(db.dsl)
                    .transactionManager(db.transactionManager)
                    .eventSerializer(db.serializer)
                    .snapshotSerializer(db.serializer)
                    .groupCommit(GROUP_COMMIT_MAX)
                    .build();
            engine.start();
            return engine;
        }

        @Override
        boolean commandsInTransaction() {
            return false;
        }

        @Override
        public EmbeddedEventStore eventStore(EventStorageEngine engine) {
            return EmbeddedEventStore.builder().storageEngine(engine).fetchDelay(100).build();
        }
    };

    final String label;
    final Table<?> eventTable;

    EngineKind(String label, Table<?> eventTable) {
        this.label = label;
        this.eventTable = eventTable;
    }

    /** The server's default {@code runstore.event-store.group-commit-max}. */
    static final int GROUP_COMMIT_MAX = 200;

    /** Whether the command bus runs each command in a transaction (the engine's appends join it). */
    boolean commandsInTransaction() {
        return true;
    }

    /** Creates this engine's tables in the fresh database and returns the engine, ready to append. */
    public abstract EventStorageEngine open(BenchDatabase db);

    public abstract EmbeddedEventStore eventStore(EventStorageEngine engine);

    public static void close(EventStorageEngine engine) {
        if (engine instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
