package io.runstore.bench.eventlog;

import io.runstore.events.EventJson;
import io.runstore.eventstore.EventLogReader;
import io.runstore.projections.processing.BatchProjector;
import io.runstore.projections.replay.Rebuild;
import io.runstore.projections.replay.ReplayProgress;
import io.runstore.testsupport.readtables.ReadModelLoader;
import io.runstore.testsupport.runs.LoadReport;
import io.runstore.testsupport.runs.RunGenerator;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.springframework.boot.autoconfigure.jooq.SpringTransactionProvider;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.runstore.readtables.schema.Tables.PROJECTION_DEAD_LETTER;
import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_DETAIL;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_TASK;

/**
 * The way runs reach runstore's read tables in production: a generated data set's events appended to the event log
 * through the event store ({@link EventLogAppender}), then the read tables built from the log by the product's own
 * {@link Rebuild} (the {@code replay rebuild} command's path: shadow tables filled by parallel lanes with the
 * projector's batch code, secondary indexes built afterwards, switched in); then fresh statistics. The read tables
 * must exist; the data source needs a connection per lane and two more.
 */
public final class EventLogReadModelLoader implements ReadModelLoader {

    private static final int CHUNK = 5_000;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(60);

    private final DataSource dataSource;
    private final SQLDialect dialect;
    private final int lanes;

    public EventLogReadModelLoader(DataSource dataSource, SQLDialect dialect) {
        this(dataSource, dialect, 2);
    }

    public EventLogReadModelLoader(DataSource dataSource, SQLDialect dialect, int lanes) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.lanes = lanes;
    }

    @Override
    public LoadReport load(RunGenerator generator, int threads) throws Exception {
        long started = System.nanoTime();
        long[] appended = new EventLogAppender(dataSource, dialect).append(generator, threads);
        long appendedAt = System.nanoTime();
        System.out.printf("  runstore: %,d events appended in %.1f s%n", appended[0], (appendedAt - started) / 1e9);
        rebuild();
        verify(generator);
        long built = System.nanoTime();
        System.out.printf("  runstore: read tables rebuilt in %.1f s%n", (built - appendedAt) / 1e9);
        analyze();
        long analyzed = System.nanoTime();
        return new LoadReport("runstore", generator.shape().runs(), appended[0], appended[1],
                Duration.ofNanos(built - started), Duration.ofNanos(analyzed - built));
    }

    private void rebuild() throws InterruptedException {
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
        DSLContext dsl = DSL.using(new DefaultConfiguration()
                .set(new TransactionAwareDataSourceProxy(dataSource))
                .set(dialect)
                .set(new SpringTransactionProvider(transactionManager))
                .set(new Settings().withExecuteLogging(false)));
        LogReplaySource source = new LogReplaySource(new EventLogReader(dsl, JacksonSerializer.builder()
                .objectMapper(EventJson.newObjectMapper()).build(), NoOpEventUpcaster.INSTANCE));
        ReplayProgress progress = new ReplayProgress();
        Rebuild rebuild = new Rebuild(dsl, dataSource, transactionManager, source, new BatchProjector(),
                new Rebuild.Options(lanes, CHUNK, 0), progress);
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rebuild-progress");
            thread.setDaemon(true);
            return thread;
        });
        reporter.scheduleAtFixedRate(() -> {
            ReplayProgress.Snapshot now = progress.snapshot();
            System.out.printf("  runstore rebuild: %s %,d of %,d events, %,.0f events/s%n", now.phase(), now.done(),
                    now.total(), now.eventsPerSecond());
        }, PROGRESS_EVERY.toSeconds(), PROGRESS_EVERY.toSeconds(), TimeUnit.SECONDS);
        try {
            if (rebuild.run(true) != Rebuild.Outcome.SWITCHED) {
                throw new IllegalStateException("The rebuild did not switch its tables in");
            }
            rebuild.dropPrevious();
        } finally {
            reporter.shutdownNow();
        }
    }

    /** Every run and task is in the read tables, and no event was parked as a dead letter. */
    private void verify(RunGenerator generator) {
        DSLContext dsl = DSL.using(dataSource, dialect);
        long runs = dsl.fetchCount(RUN_LIST);
        long tasks = dsl.fetchCount(RUN_TASK);
        long parked = dsl.fetchCount(PROJECTION_DEAD_LETTER);
        long expectedRuns = generator.shape().runs();
        if (runs != expectedRuns || tasks != expectedRuns * RunGenerator.TASKS_PER_RUN || parked != 0) {
            throw new IllegalStateException(String.format("The rebuild left %,d runs, %,d tasks and %,d dead letters "
                    + "for %,d generated runs", runs, tasks, parked, expectedRuns));
        }
    }

    private void analyze() {
        DSLContext dsl = DSL.using(dataSource, dialect);
        for (var table : List.of(RUN_LIST, RUN_DETAIL, RUN_TASK, RUN_METRIC, RUN_COUNTS,
                RUN_NAMESPACE_COUNTS)) {
            dsl.execute(dialect.family() == SQLDialect.POSTGRES ? "VACUUM ANALYZE {0}" : "ANALYZE TABLE {0}", table);
        }
    }
}
