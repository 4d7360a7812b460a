package io.runstore.eventstore;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariDataSource;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.jooq.DSLContext;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A fresh, migrated event-store database with the wiring the server uses: a Spring transaction manager and a
 * {@link DSLContext} that joins its transactions, JSON serializers, engines built on them (closed with the fixture).
 */
final class EventStoreFixture implements AutoCloseable {

    final TestDatabase database;
    final HikariDataSource dataSource;
    final DataSourceTransactionManager transactionManager;
    final TransactionTemplate transactions;
    final DSLContext dsl;
    final Serializer serializer;
    private final List<JooqEventStorageEngine> engines = new ArrayList<>();

    private EventStoreFixture(DatabaseKind kind, int poolSize) {
        database = TestDatabases.create(kind);
        dataSource = database.newDataSource(poolSize);
        EventStoreSchema.migrate(dataSource, database.dialect());
        transactionManager = new DataSourceTransactionManager(dataSource);
        transactions = new TransactionTemplate(transactionManager);
        dsl = DSL.using(new TransactionAwareDataSourceProxy(dataSource), database.dialect(),
                new Settings().withExecuteLogging(false));
        serializer = JacksonSerializer.builder().objectMapper(JsonMapper.builder().addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()).build();
    }

    static EventStoreFixture create(DatabaseKind kind, int poolSize) {
        return new EventStoreFixture(kind, poolSize);
    }

    JooqEventStorageEngine.Builder engineBuilder() {
        return JooqEventStorageEngine.builder()
                .dsl(dsl)
                .transactionManager(transactionManager)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer);
    }

    /** An engine whose sequencer thread runs (as in a server process). */
    JooqEventStorageEngine startedEngine() {
        JooqEventStorageEngine engine = engineBuilder().build();
        engine.start();
        engines.add(engine);
        return engine;
    }

    /** A started engine that writes appends made outside a transaction in group commits, as the server does. */
    JooqEventStorageEngine startedGroupCommitEngine() {
        JooqEventStorageEngine engine = engineBuilder().groupCommit(200).build();
        engine.start();
        engines.add(engine);
        return engine;
    }

    /** An engine without a sequencer thread: positions are assigned only when a test calls sequencePending. */
    JooqEventStorageEngine manualEngine() {
        JooqEventStorageEngine engine = engineBuilder().build();
        engines.add(engine);
        return engine;
    }

    /** Closes {@code engine} with the fixture. */
    void closeWithFixture(JooqEventStorageEngine engine) {
        engines.add(engine);
    }

    static DomainEventMessage<?> event(String runId, long sequence, Object payload) {
        return event(runId, sequence, payload, MetaData.emptyInstance());
    }

    static DomainEventMessage<?> event(String runId, long sequence, Object payload, MetaData metaData) {
        return new GenericDomainEventMessage<>("Run", runId, sequence, payload, metaData);
    }

    /** Waits for {@code latch} at most 30 s, failing the test when it does not open. */
    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        engines.forEach(JooqEventStorageEngine::close);
        dataSource.close();
    }
}
