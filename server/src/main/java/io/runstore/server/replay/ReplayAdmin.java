package io.runstore.server.replay;

import io.runstore.eventstore.EventLogReader;
import io.runstore.projections.processing.BatchProjector;
import io.runstore.projections.processing.DeadLetters;
import io.runstore.projections.processing.RunListProjector;
import io.runstore.projections.replay.Check;
import io.runstore.projections.replay.Rebuild;
import io.runstore.projections.replay.ReplayProgress;
import io.runstore.projections.replay.ReplayState;
import io.runstore.projections.replay.ShadowTables;
import io.runstore.projections.replay.TableStatus;
import io.runstore.projections.status.ProcessorPositions;
import org.axonframework.serialization.Serializer;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Replays run from the server: one at a time, in a background thread, with the same {@link Rebuild} and {@link Check}
 * as the command line; their progress, the state recorded in the database (also of a rebuild another process runs)
 * and the last outcome, for the admin API and the metrics.
 */
public final class ReplayAdmin implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplayAdmin.class);

    private final DSLContext dsl;
    private final DataSource dataSource;
    private final PlatformTransactionManager transactionManager;
    private final EventLogReader reader;
    private final Serializer tokenSerializer;
    private final ReplayProgress progress = new ReplayProgress();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "replay-admin");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<String> running = new AtomicReference<>();
    private final AtomicReference<Map<String, Object>> lastOutcome = new AtomicReference<>();
    private final AtomicReference<Backfills> backfills = new AtomicReference<>();
    private final AtomicReference<CachedTables> cachedTables = new AtomicReference<>();

    private record CachedTables(long atNanos, List<TableStatus> tables) {
    }

    /** @param tokenSerializer the serializer Axon writes the processors' tokens with */
    public ReplayAdmin(DSLContext dsl, DataSource dataSource, PlatformTransactionManager transactionManager,
                       EventLogReader reader, Serializer tokenSerializer) {
        this.dsl = dsl;
        this.dataSource = dataSource;
        this.transactionManager = transactionManager;
        this.reader = reader;
        this.tokenSerializer = tokenSerializer;
    }

    public ReplayProgress progress() {
        return progress;
    }

    /** The backfills this server's projector role runs, whose progress the status shows. */
    public void backfills(Backfills running) {
        backfills.set(running);
    }

    /** Each read table's status, read from the database at most every {@code maxAge} (for the metrics). */
    public List<TableStatus> tables(Duration maxAge) {
        CachedTables cached = cachedTables.get();
        if (cached == null || System.nanoTime() - cached.atNanos() > maxAge.toNanos()) {
            cached = new CachedTables(System.nanoTime(), TableStatus.of(dsl, reader.head()));
            cachedTables.set(cached);
        }
        return cached.tables();
    }

    /** Starts a rebuild in the background; false when a replay already runs in this server. */
    public boolean startRebuild(Rebuild.Options options, boolean switchTables) {
        return start("rebuild", () -> {
            Rebuild.Outcome outcome = rebuild(options).run(switchTables);
            return Map.of("outcome", outcome.name());
        });
    }

    /** Starts a check in the background; false when a replay already runs in this server. */
    public boolean startCheck(Rebuild.Options options) {
        return start("check", () -> {
            Check.Result result = new Check(dsl, transactionManager, new EventLogReplaySource(reader),
                    new BatchProjector(), options, progress).run(() -> Thread.sleep(1_000));
            return Map.of("position", result.position(), "runs", result.runs(),
                    "differences", result.differences().stream().map(Object::toString).toList());
        });
    }

    /** Drops the tables the last switch replaced; false when there were none. */
    public boolean dropPrevious() {
        return rebuild(Rebuild.Options.defaults()).dropPrevious();
    }

    /**
     * What the admin API answers: the log, the live projector, a rebuild under way, each read table (readable or
     * backfilling, the replay under way on it with events done and total, events/s, ETA), this server's replay and
     * backfill.
     */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        long head = reader.head();
        status.put("head", head);
        Map<Integer, Long> segments = ProcessorPositions.of(dsl, tokenSerializer, RunListProjector.PROCESSING_GROUP);
        long position = ProcessorPositions.lowest(segments);
        status.put("live_projector", Map.of("position", position, "events_behind",
                segments.isEmpty() ? head : Math.max(0, head - position)));
        status.put("dead_letters", DeadLetters.count(dsl));
        status.put("rebuild", ReplayState.find(dsl, Rebuild.NAME).<Object>map(replay -> {
            long at = ReplayState.lowest(ReplayState.lanes(dsl, Rebuild.NAME, replay.lanes()));
            return Map.of("phase", replay.phase().name(), "position", at, "events_behind", Math.max(0, head - at),
                    "lanes", replay.lanes());
        }).orElse(null));
        status.put("replaced_tables_kept", ShadowTables.anyExists(dsl, ShadowTables.PREVIOUS));
        status.put("tables", TableStatus.of(dsl, head).stream().map(ReplayAdmin::json).toList());
        Backfills backfilling = backfills.get();
        if (backfilling != null) {
            status.put("this_server_backfill", json(backfilling.progress().snapshot()));
        }
        ReplayProgress.Snapshot snapshot = progress.snapshot();
        Map<String, Object> here = new LinkedHashMap<>();
        here.put("running", running.get());
        here.putAll(json(snapshot));
        here.put("last_outcome", lastOutcome.get());
        status.put("this_server", here);
        return status;
    }

    private static Map<String, Object> json(TableStatus table) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("table", table.table());
        json.put("state", table.state());
        json.put("replay", table.replay());
        json.put("phase", table.phase());
        json.put("events_done", table.eventsDone());
        json.put("events_total", table.eventsTotal());
        json.put("events_per_second", Math.round(table.eventsPerSecond()));
        json.put("eta_seconds", table.etaSeconds());
        return json;
    }

    private static Map<String, Object> json(ReplayProgress.Snapshot snapshot) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("phase", snapshot.phase());
        json.put("events_done", snapshot.done());
        json.put("events_total", snapshot.total());
        json.put("events_per_second", Math.round(snapshot.eventsPerSecond()));
        json.put("eta_seconds", snapshot.etaSeconds());
        return json;
    }

    private Rebuild rebuild(Rebuild.Options options) {
        return new Rebuild(dsl, dataSource, transactionManager, new EventLogReplaySource(reader),
                new BatchProjector(), options, progress);
    }

    private interface Job {
        Map<String, Object> run() throws Exception;
    }

    private boolean start(String operation, Job job) {
        if (!running.compareAndSet(null, operation)) {
            return false;
        }
        worker.execute(() -> {
            Map<String, Object> outcome = new LinkedHashMap<>();
            outcome.put("operation", operation);
            try {
                outcome.putAll(job.run());
            } catch (Throwable e) {
                log.error("{} failed", operation, e);
                outcome.put("error", String.valueOf(e.getMessage()));
            } finally {
                outcome.put("finished_at", Instant.now().toString());
                lastOutcome.set(outcome);
                running.set(null);
            }
        });
        return true;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
