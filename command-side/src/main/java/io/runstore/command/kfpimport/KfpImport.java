package io.runstore.command.kfpimport;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Imports a KFP database into the event log: {@link #importAll} every run, in creation order, in pages read by one
 * thread and imported by {@code threads}; {@link #follow} keeps importing the runs that may have changed (see
 * {@link KfpSource#runsChangedSince}) every {@code interval}. Each run is imported by {@link RunImporter}, so both
 * can be stopped at any time and run again: what is already in the log is not appended twice. A run whose append
 * collided with another writer's is read again and retried.
 */
public final class KfpImport {

    /**
     * How far an import got: runs looked at of the total, runs that got events, experiments that got events (all
     * experiments are imported before the first run), events appended.
     */
    public record Progress(long runsRead, long runsTotal, long runsChanged, long experimentsChanged, long events,
                           Duration elapsed) {

        public double runsPerSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds <= 0 ? 0 : runsRead / seconds;
        }
    }

    private static final int CHUNK = 25;
    private static final int ATTEMPTS = 5;
    /** Runs finished just before a pass started may not have been seen by the previous one: look back this far. */
    private static final Duration FOLLOW_OVERLAP = Duration.ofMinutes(5);

    private final KfpSource source;
    private final RunImporter importer;
    private final ExperimentImporter experimentImporter;
    private final int threads;
    private final int pageSize;

    /** @param pageSize runs read per page (progress is reported after each) */
    public KfpImport(DataSource kfp, EventStorageEngine storageEngine, int threads, int pageSize)
            throws SQLException {
        this.source = new KfpSource(kfp);
        this.importer = new RunImporter(storageEngine);
        this.experimentImporter = new ExperimentImporter(storageEngine);
        this.threads = threads;
        this.pageSize = pageSize;
    }

    /** Imports every experiment, then every run of the KFP database; {@code progress} hears after each page. */
    public Progress importAll(Consumer<Progress> progress) throws Exception {
        long started = System.nanoTime();
        long total = source.countRuns();
        AtomicLong read = new AtomicLong();
        AtomicLong changed = new AtomicLong();
        AtomicLong events = new AtomicLong();
        long experiments = importExperiments(events);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            KfpSource.Cursor cursor = KfpSource.Cursor.START;
            while (true) {
                List<KfpSource.Cursor> page = source.nextRuns(cursor, pageSize);
                if (page.isEmpty()) {
                    break;
                }
                importRuns(pool, page.stream().map(KfpSource.Cursor::runId).toList(), read, changed, events);
                cursor = page.get(page.size() - 1);
                progress.accept(new Progress(read.get(), Math.max(total, read.get()), changed.get(), experiments,
                        events.get(), Duration.ofNanos(System.nanoTime() - started)));
            }
        } finally {
            pool.shutdownNow();
        }
        return new Progress(read.get(), Math.max(total, read.get()), changed.get(), experiments, events.get(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * One pass of {@code follow}: imports every experiment (KFP keeps no time of an experiment's archive) and the
     * runs that may have changed since {@code since} (created, finished or archived since then, or not finished),
     * less an overlap for runs that changed while the last pass ran.
     */
    public Progress followPass(Instant since) throws Exception {
        long started = System.nanoTime();
        AtomicLong read = new AtomicLong();
        AtomicLong changed = new AtomicLong();
        AtomicLong events = new AtomicLong();
        long experiments = importExperiments(events);
        List<String> runIds = source.runsChangedSince(since.minus(FOLLOW_OVERLAP).getEpochSecond());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int from = 0; from < runIds.size(); from += pageSize) {
                importRuns(pool, runIds.subList(from, Math.min(runIds.size(), from + pageSize)), read, changed, events);
            }
        } finally {
            pool.shutdownNow();
        }
        return new Progress(read.get(), runIds.size(), changed.get(), experiments, events.get(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Imports everything ({@code progress} hears after each page), then a {@link #followPass} every {@code interval}
     * until the thread is interrupted; {@code passDone} hears the end of the import and of every pass.
     */
    public void follow(Duration interval, Consumer<Progress> progress, Consumer<Progress> passDone) throws Exception {
        Instant passStarted = Instant.now();
        passDone.accept(importAll(progress));
        while (!Thread.currentThread().isInterrupted()) {
            Thread.sleep(interval.toMillis());
            Instant since = passStarted;
            passStarted = Instant.now();
            passDone.accept(followPass(since));
        }
    }

    /** Imports every experiment; answers how many got events. */
    private long importExperiments(AtomicLong events) throws SQLException {
        long changed = 0;
        for (KfpExperiment experiment : source.experiments()) {
            int appended = experimentImporter.importExperiment(experiment);
            if (appended > 0) {
                changed++;
                events.addAndGet(appended);
            }
        }
        return changed;
    }

    private void importRuns(ExecutorService pool, List<String> runIds, AtomicLong read, AtomicLong changed,
                            AtomicLong events) throws Exception {
        List<Future<?>> chunks = new ArrayList<>();
        for (int from = 0; from < runIds.size(); from += CHUNK) {
            List<String> chunk = runIds.subList(from, Math.min(runIds.size(), from + CHUNK));
            chunks.add(pool.submit(() -> {
                for (KfpRun run : source.load(chunk)) {
                    int appended = importWithRetries(run);
                    read.incrementAndGet();
                    if (appended > 0) {
                        changed.incrementAndGet();
                        events.addAndGet(appended);
                    }
                }
                return null;
            }));
        }
        for (Future<?> chunk : chunks) {
            chunk.get();
        }
    }

    private int importWithRetries(KfpRun run) {
        for (int attempt = 1; ; attempt++) {
            try {
                return importer.importRun(run);
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException("run " + run.runId() + " could not be imported after "
                            + attempt + " attempts: " + e.getMessage(), e);
                }
            }
        }
    }
}
