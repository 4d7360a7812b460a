package io.runstore.bench.eventlog;

import io.runstore.events.EventJson;
import io.runstore.eventstore.JooqEventStorageEngine;
import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.projections.processing.BatchProjector;
import io.runstore.testsupport.readtables.ReadModelLoader;
import io.runstore.testsupport.runs.LoadReport;
import io.runstore.testsupport.runs.RunGenerator;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_DETAIL;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_TASK;

/**
 * The way runs reach runstore's read tables in production: a generated data set's events appended to the event log
 * through the event store ({@link EventLogAppender}), then the log read from its tail in position order, as a
 * processor reads it, and applied by the run-list projector's own batch code ({@link BatchProjector}: folded per run,
 * one multi-row statement per table, {@value #EVENTS_PER_BATCH} events per transaction); then fresh statistics.
 * The read tables must exist.
 */
public final class EventLogReadModelLoader implements ReadModelLoader {

    private static final int EVENTS_PER_BATCH = 500;

    private final DataSource dataSource;
    private final SQLDialect dialect;

    public EventLogReadModelLoader(DataSource dataSource, SQLDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    @Override
    public LoadReport load(RunGenerator generator, int threads) throws Exception {
        long started = System.nanoTime();
        long[] appended = new EventLogAppender(dataSource, dialect).append(generator, threads);
        long projected = project();
        if (projected != appended[0]) {
            throw new IllegalStateException("Projected " + projected + " of " + appended[0] + " appended events");
        }
        long loaded = System.nanoTime();
        analyze();
        long analyzed = System.nanoTime();
        return new LoadReport("runstore", generator.shape().runs(), appended[0], appended[1],
                Duration.ofNanos(loaded - started), Duration.ofNanos(analyzed - loaded));
    }

    /** Applies the whole log to the read tables; returns how many events it applied. */
    private long project() {
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
        DSLContext dsl = DSL.using(new TransactionAwareDataSourceProxy(dataSource), dialect,
                new Settings().withExecuteLogging(false));
        Serializer serializer = JacksonSerializer.builder().objectMapper(EventJson.newObjectMapper()).build();
        JooqEventStorageEngine engine = JooqEventStorageEngine.builder().dsl(dsl)
                .transactionManager(transactionManager).eventSerializer(serializer).snapshotSerializer(serializer)
                .build();
        DSLContext projection = DSL.using(dataSource, dialect, new Settings().withExecuteLogging(false));
        BatchProjector projector = new BatchProjector();
        long applied = 0;
        TrackingToken token = null;
        List<ProjectedEvent> batch = new ArrayList<>(EVENTS_PER_BATCH);
        try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(token, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                DomainEventMessage<?> domain = (DomainEventMessage<?>) event;
                batch.add(new ProjectedEvent(domain.getAggregateIdentifier(), domain.getSequenceNumber(),
                        event.trackingToken().position().orElse(-1L), event.getTimestamp(), event.getPayload()));
                if (batch.size() == EVENTS_PER_BATCH || !iterator.hasNext()) {
                    BatchProjector.Result result = projection.transactionResult(
                            transaction -> projector.apply(transaction.dsl(), batch));
                    if (result.parked() > 0) {
                        throw new IllegalStateException(result.parked() + " events were parked as dead letters");
                    }
                    applied += result.applied();
                    batch.clear();
                }
            }
        }
        return applied;
    }

    private void analyze() {
        DSLContext dsl = DSL.using(dataSource, dialect);
        for (var table : List.of(RUN_LIST, RUN_DETAIL, RUN_TASK, RUN_METRIC, RUN_COUNTS,
                RUN_NAMESPACE_COUNTS)) {
            dsl.execute(dialect.family() == SQLDialect.POSTGRES ? "VACUUM ANALYZE {0}" : "ANALYZE TABLE {0}", table);
        }
    }
}
