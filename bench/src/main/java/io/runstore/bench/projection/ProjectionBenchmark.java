package io.runstore.bench.projection;

import io.runstore.bench.append.BenchDatabase;
import io.runstore.bench.append.BenchOptions;
import io.runstore.bench.append.EngineKind;
import io.runstore.bench.append.ProjectionHandler;
import io.runstore.bench.report.BarValues;
import io.runstore.bench.report.Charts;
import io.runstore.projections.processing.BatchProjector;
import io.runstore.projections.processing.ProjectionProgress;
import io.runstore.projections.processing.RunListProjector;
import io.runstore.readtables.ReadTablesSchema;
import io.runstore.testsupport.DatabaseKind;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

import static io.runstore.readtables.schema.Tables.MLMD_OBJECT;
import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_DETAIL;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_TASK;
import static io.runstore.readtables.schema.Tables.RUN_TOMBSTONE;

/**
 * Projection benchmark, per database, in one run on one fresh database with runstore's event store:
 * <ol>
 * <li>Replay: {@code --events} events (run lifecycles of 10 events: run, tasks, metrics) are in the log; each
 * processor projects all of them from position 0, timed to the head. Compared: the stock per-event Axon projection
 * ({@code bench.append.ProjectionHandler}: Axon's pooled processor with its defaults, one upsert per RunCreated and
 * nothing for the other events); the run-list projector per event (same processor defaults: batch size 1, so every
 * event loads, folds and writes the run on its own); the run-list projector batched as the server runs it.</li>
 * <li>Lag: writers commit {@code --rate} events/s (4 threads, 5 events per transaction) while the batched projector
 * follows; a prober records, for every 10th event, the time from its transaction's commit to the moment its run's
 * run_list.version reaches it (what a reader waiting on the consistency token sees).</li>
 * </ol>
 * Run: {@code java -cp ... io.runstore.bench.projection.ProjectionBenchmark --databases=postgresql,mysql
 * --events=40000 --rate=2000 --window=30 --poll-interval-ms=100 --segments=2 --replay=true}. Writes Markdown to stdout
 * and {@code --out}; {@code --chart=file.png} draws the replays' events/s against the stock handler's (the report links
 * it by file name).
 */
public final class ProjectionBenchmark {

    private static final Logger log = LoggerFactory.getLogger(ProjectionBenchmark.class);
    /** A replay slower than this is stopped; its rate is the events it got through (all segments past them). */
    private static final long REPLAY_LIMIT_SECONDS = 120;
    private static final List<Table<?>> READ_TABLES = List.of(RUN_LIST, RUN_DETAIL, RUN_TASK, RUN_METRIC, RUN_COUNTS,
            RUN_NAMESPACE_COUNTS, RUN_TOMBSTONE, MLMD_OBJECT);

    private final Map<String, String> options;
    private final int events;
    private final int batchSize;
    private final long fetchDelayMillis;
    private final boolean notifying;
    private final int segments;
    /** Each replay's events/s over the stock handler's, per database, for {@code --chart}. */
    private final BarValues chart = new BarValues();

    private ProjectionBenchmark(Map<String, String> options) {
        this.options = options;
        this.events = Integer.parseInt(options.getOrDefault("events", "40000"));
        this.batchSize = Integer.parseInt(options.getOrDefault("batch-size", "500"));
        this.fetchDelayMillis = Long.parseLong(options.getOrDefault("poll-interval-ms", "100"));
        this.notifying = Boolean.parseBoolean(options.getOrDefault("notifying", "true"));
        this.segments = Integer.parseInt(options.getOrDefault("segments", "2"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        String report = new ProjectionBenchmark(options).measure();
        System.out.println(report);
        Files.writeString(Path.of(options.getOrDefault("out", "bench/target/projection-benchmark.md")), report);
        System.exit(0);
    }

    /**
     * The benchmark suite's entry: {@code args[0]} names the profile (quick: 20,000 events and a 20 s lag window), the
     * other arguments are options as above; returns the Markdown report without writing it, its chart
     * {@code <profile>-projection.png} in the directory {@code --out} names.
     */
    public static String report(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        String profile = args.length > 0 ? args[0] : "quick";
        if (profile.equals("quick")) {
            options.putIfAbsent("events", "20000");
            options.putIfAbsent("window", "20");
        }
        if (options.containsKey("out") && !options.containsKey("chart")) {
            options.put("chart", Path.of(options.get("out")).resolve(profile + "-projection.png").toString());
        }
        return new ProjectionBenchmark(options).measure();
    }

    private String measure() throws Exception {
        StringBuilder report = new StringBuilder("# Projection benchmark\n\n")
                .append("Generated by `io.runstore.bench.projection.ProjectionBenchmark` on ").append(Instant.now())
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, load average ")
                .append(loadAverage()).append(" at the start. ").append(events).append(" events = ")
                .append(events / RunLifecycles.EVENTS_PER_RUN).append(" runs of ").append(RunLifecycles.EVENTS_PER_RUN)
                .append(" events (created, RUNNING, 3 tasks created, 3 tasks SUCCEEDED, 2 metrics, SUCCEEDED); ")
                .append("batched projector: batch size ").append(batchSize).append(", ").append(segments)
                .append(" segments; event store poll ")
                .append("interval ").append(fetchDelayMillis).append(" ms; lag measured with the projector reading ")
                .append(notifying ? "through runstore's AvailabilityNotifyingSource (head checked every 20 ms)"
                        : "Axon's embedded event store directly (a caught-up processor polls every 500 ms)")
                .append(".\n\n");
        for (String name : options.getOrDefault("databases", "postgresql,mysql").split(",")) {
            DatabaseKind kind = name.startsWith("p") ? DatabaseKind.POSTGRESQL : DatabaseKind.MYSQL;
            database(kind, report);
        }
        report.append("\nLoad average at the end: ").append(loadAverage()).append('\n');
        if (options.containsKey("chart") && !chart.isEmpty()) {
            Path file = Path.of(options.get("chart"));
            Charts.ratioBars(file, String.format("Replaying %,d events into the read tables", events),
                    "events/s ÷ the stock per-event handler's", "stock Axon per-event handler", chart.asMap());
            report.append("\n![replay events/s against the stock handler's, per database](")
                    .append(file.getFileName()).append(")\n");
        }
        return report.toString();
    }

    private void database(DatabaseKind kind, StringBuilder report) throws Exception {
        try (BenchDatabase db = new BenchDatabase(kind, 24)) {
            EventStorageEngine engine = EngineKind.RUNSTORE.open(db);
            // the server's default poll interval is 100 ms (runstore.event-store.poll-interval)
            EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine).fetchDelay(fetchDelayMillis)
                    .build();
            ReadTablesSchema.migrate(db.dataSource, db.database.dialect());
            ProjectionHandler.createTable(db.dsl);
            long head = preload(db, store);
            report.append("## ").append(db.database.dialect()).append("\n\n")
                    .append("| replay of ").append(head).append(" events (stopped after ")
                    .append(REPLAY_LIMIT_SECONDS).append(" s) | seconds for all | events/s | vs stock |\n")
                    .append("|---|---:|---:|---:|\n");
            boolean replays = Boolean.parseBoolean(options.getOrDefault("replay", "true"));
            double ceiling = !replays ? 0 : replay(db, NoOpHandler.PROCESSING_GROUP, new NoOpHandler(), 2,
                    builder -> builder.batchSize(batchSize), head, processor -> processor.position(),
                    store);
            double stock = !replays ? 0 : replay(db, ProjectionHandler.PROCESSING_GROUP, new ProjectionHandler(db.dsl), 16,
                    builder -> builder, head, processor -> processor.position(), store);
            ProjectionProgress perEventProgress = new ProjectionProgress();
            double perEvent = !replays ? 0 : replay(db, RunListProjector.PROCESSING_GROUP, runListProjector(db.dsl, perEventProgress),
                    16, builder -> builder, head, processor -> perEventProgress.appliedEvents(), store);
            ProjectionProgress batchedProgress = new ProjectionProgress();
            double batched = !replays ? 0 : replay(db, RunListProjector.PROCESSING_GROUP, runListProjector(db.dsl, batchedProgress),
                    segments, builder -> builder.batchSize(batchSize), head, processor -> batchedProgress.appliedEvents(),
                    store);
            row(report, "no-op handler (the processor's ceiling: read, deserialize, tokens; batch " + batchSize
                    + ", 2 segments)", head, ceiling, stock);
            if (replays) {
                String database = db.database.dialect().name();
                chart.put("no-op handler (ceiling)", database, ceiling / stock);
                chart.put("run-list projector, per event", database, perEvent / stock);
                chart.put("run-list projector, batched", database, batched / stock);
            }
            row(report, "stock Axon per-event handler (1 upsert per RunCreated, Axon defaults)", head, stock, stock);
            row(report, "run-list projector, per event (Axon defaults: batch size 1, 16 segments)", head, perEvent, stock);
            row(report, "run-list projector, batched (batch " + batchSize + ", " + segments + " segments)", head,
                    batched, stock);
            LagMeasurement.Result lag = new LagMeasurement(db, store, Integer.parseInt(options.getOrDefault("rate", "2000")),
                    Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "5"))),
                    Duration.ofSeconds(Long.parseLong(options.getOrDefault("window", "30"))))
                    .run(() -> new ProjectionProcessor(db, store, RunListProjector.PROCESSING_GROUP,
                            runListProjector(db.dsl, new ProjectionProgress()), segments,
                            builder -> builder.batchSize(batchSize), notifying));
            report.append("\nLag as the writers' commits see it: they commit on a fixed schedule whatever the ")
                    .append("projector does (an open loop), and each sampled event is timed from its own commit, so ")
                    .append("nothing is left out while the projector lags and no correction for coordinated ")
                    .append("omission applies (none made).\n")
                    .append("\n| commit-to-visible lag, batched projector | offered events/s | achieved events/s | ")
                    .append("samples | p50 ms (open loop) | p99 ms (open loop) | max ms |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|\n")
                    .append(String.format("| run_list.version reaches the event | %d | %.0f | %d | %.1f | %.1f | %.1f |%n%n",
                            lag.offered(), lag.achieved(), lag.samples(), lag.p50Millis(), lag.p99Millis(),
                            lag.maxMillis()));
            store.shutDown();
            EngineKind.close(engine);
        }
    }

    private long preload(BenchDatabase db, EmbeddedEventStore store) throws InterruptedException {
        RunLifecycles workload = new RunLifecycles("replay", 200);
        for (int appended = 0; appended < events; appended += 1000) {
            List<DomainEventMessage<?>> chunk = workload.next(Math.min(1000, events - appended));
            db.transactions.executeWithoutResult(status -> store.publish(chunk));
        }
        long head;
        do {
            Thread.sleep(100);
            TrackingToken token = store.createHeadToken();
            head = token == null ? -1 : token.position().orElse(-1);
        } while (head < events);
        log.warn("{}: {} events in the log (positions 1 to {})", db.database.dialect(), events, head);
        return head;
    }

    private static RunListProjector runListProjector(DSLContext dsl, ProjectionProgress progress) {
        return new RunListProjector(dsl, new BatchProjector(), progress);
    }

    /**
     * Projects the whole log from position 0 with a fresh token and empty read tables: events per second, counted by
     * {@code processed} (events through every segment, or events applied and committed).
     */
    private static double replay(BenchDatabase db, String name, Object handler, int segments,
                                 UnaryOperator<PooledStreamingEventProcessor.Builder> tuning, long head,
                                 ToLongFunction<ProjectionProcessor> processed, EmbeddedEventStore store)
            throws InterruptedException {
        READ_TABLES.forEach(table -> db.dsl.truncate(table).execute());
        db.dsl.truncate(ProjectionHandler.TABLE).execute();
        db.dsl.deleteFrom(DSL.table(DSL.name("token_entry"))).execute();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(REPLAY_LIMIT_SECONDS);
        try (ProjectionProcessor processor = new ProjectionProcessor(db, store, name, handler, segments, tuning, false)) {
            long done = 0;
            while (done < head && System.nanoTime() < deadline) {
                Thread.sleep(20);
                done = processed.applyAsLong(processor);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            log.warn("{} {} segments: {} of {} events in {} s", name, segments, done, head, seconds);
            return Math.max(0, done) / seconds;
        }
    }

    private static void row(StringBuilder report, String label, long head, double eventsPerSecond, double stock) {
        report.append(String.format("| %s | %.1f | %.0f | %.2fx |%n", label, head / eventsPerSecond,
                eventsPerSecond, eventsPerSecond / stock));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0] + " "
                    + Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[1];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
