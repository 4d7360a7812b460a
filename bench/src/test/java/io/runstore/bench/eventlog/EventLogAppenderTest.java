package io.runstore.bench.eventlog;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.events.EventJson;
import io.runstore.eventstore.JooqEventStorageEngine;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import io.runstore.testsupport.runs.DataShape;
import io.runstore.testsupport.runs.GeneratedRun;
import io.runstore.testsupport.runs.RunGenerator;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.util.List;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bulk appender stores every generated run's events, exactly once, each run's in order, with dense positions,
 * readable back through the engine as the payloads {@link RunEvents} made. Run once per database.
 */
abstract class EventLogAppenderTest {

    private static final RunGenerator GENERATOR = new RunGenerator(DataShape.of(120));

    abstract DatabaseKind kind();

    @Test
    void everyRunsEventsAreStoredInOrderWithDensePositions() throws Exception {
        TestDatabase database = TestDatabases.create(kind());
        try (HikariDataSource dataSource = database.newDataSource(4)) {
            long[] appended = new EventLogAppender(dataSource, database.dialect()).append(GENERATOR, 3);

            List<GeneratedRun> runs = GENERATOR.runs().toList();
            long expected = runs.stream().mapToLong(run -> RunEvents.of(run).size()).sum();
            assertThat(appended[0]).isEqualTo(expected);
            DSLContext dsl = DSL.using(dataSource, database.dialect());
            assertThat(dsl.fetchCount(EVENT_LOG)).isEqualTo(expected);
            assertThat(dsl.select(DSL.min(EVENT_LOG.POSITION), DSL.max(EVENT_LOG.POSITION),
                    DSL.countDistinct(EVENT_LOG.POSITION)).from(EVENT_LOG).fetchSingle().intoArray())
                    .containsExactly(1L, expected, (int) expected);

            Serializer serializer = JacksonSerializer.builder().objectMapper(EventJson.newObjectMapper()).build();
            JooqEventStorageEngine engine = JooqEventStorageEngine.builder().dsl(dsl)
                    .transactionManager(new DataSourceTransactionManager(dataSource))
                    .eventSerializer(serializer).snapshotSerializer(serializer).build();
            for (GeneratedRun run : List.of(runs.get(0), runs.get(57), runs.get(runs.size() - 1))) {
                List<DomainEventMessage<?>> stored = engine.readEvents(run.runId()).asStream()
                        .<DomainEventMessage<?>>map(event -> event).toList();
                List<Object> payloads = stored.stream().map(EventMessage::getPayload).map(Object.class::cast).toList();
                assertThat(payloads).isEqualTo(RunEvents.of(run).stream().map(EventMessage::getPayload).toList());
                assertThat(stored.stream().map(DomainEventMessage::getSequenceNumber).toList()).isSorted()
                        .startsWith(0L).doesNotHaveDuplicates();
            }
        }
    }
}
