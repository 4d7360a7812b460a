package io.runstore.bench.eventlog;

import io.runstore.events.EventJson;
import io.runstore.eventstore.EventStoreSchema;
import io.runstore.eventstore.JooqEventStorageEngine;
import io.runstore.testsupport.runs.RunGenerator;
import io.runstore.testsupport.runs.RunSlices;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;

/**
 * Appends a generated data set's events ({@link RunEvents}) to runstore's event log in bulk: through the server's
 * own {@link JooqEventStorageEngine} (same rows, same serializer, same sequencer), many runs per transaction, from
 * parallel slices of the data set, each thread numbering its events once committed, so that a projector can follow
 * the log to its head.
 */
public final class EventLogAppender {

    private static final int RUNS_PER_TRANSACTION = 25;

    private final DataSource dataSource;
    private final SQLDialect dialect;

    public EventLogAppender(DataSource dataSource, SQLDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** Creates the event store's tables and appends every run's events; returns {events, characters of payload}. */
    public long[] append(RunGenerator generator, int threads) throws Exception {
        EventStoreSchema.migrate(dataSource, dialect);
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
        DSLContext dsl = DSL.using(new TransactionAwareDataSourceProxy(dataSource), dialect,
                new Settings().withExecuteLogging(false));
        Serializer serializer = JacksonSerializer.builder().objectMapper(EventJson.newObjectMapper()).build();
        try (JooqEventStorageEngine engine = JooqEventStorageEngine.builder()
                .dsl(dsl)
                .transactionManager(transactionManager)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build()) {
            engine.start();
            TransactionTemplate transactions = new TransactionTemplate(transactionManager);
            long[] appended = RunSlices.write(generator.shape().runs(), threads, (from, to) -> {
                long events = 0;
                for (int batch = from; batch < to; batch += RUNS_PER_TRANSACTION) {
                    List<DomainEventMessage<?>> messages = new ArrayList<>();
                    generator.runs(batch, Math.min(to, batch + RUNS_PER_TRANSACTION))
                            .forEach(run -> messages.addAll(RunEvents.of(run)));
                    transactions.executeWithoutResult(status -> engine.appendEvents(messages));
                    // numbered as they commit: the sequencer's background passes fall behind a bulk append, and each
                    // pass over a backlog of millions reads all of it (233 events/s at 4.5 million behind)
                    engine.sequencePending();
                    events += messages.size();
                }
                return new long[]{events};
            });
            while (engine.sequencePending() > 0) {
                // numbers what the sequencer thread has not reached yet, until every committed event has a position
            }
            return new long[]{appended[0], payloadCharacters(dsl)};
        }
    }

    private static long payloadCharacters(DSLContext dsl) {
        BigDecimal characters = dsl.select(DSL.sum(DSL.length(EVENT_LOG.PAYLOAD))).from(EVENT_LOG).fetchOne(0,
                BigDecimal.class);
        return characters == null ? 0 : characters.longValue();
    }
}
