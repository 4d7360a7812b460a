package io.runstore.server.replay;

import io.runstore.eventstore.EventLogReader;
import io.runstore.projections.replay.Backfill;
import io.runstore.projections.replay.Rebuild;
import io.runstore.projections.replay.ReplayProgress;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;

/**
 * Starts the backfill of every read table that is still backfilling when the projector role starts (a table this
 * version added, on a database whose runs were projected before): in a background thread that retries after a
 * failure until the table is ready, or at once, before the server takes requests, when the log is short enough for
 * it to take no time (a new database). Another process backfilling the table already is left to it.
 */
public final class Backfills implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Backfills.class);
    private static final Duration RETRY = Duration.ofSeconds(10);

    private final DSLContext dsl;
    private final DataSource dataSource;
    private final PlatformTransactionManager transactionManager;
    private final EventLogReader reader;
    private final Rebuild.Options options;
    private final ReplayProgress progress = new ReplayProgress();
    private volatile Thread thread;

    public Backfills(DSLContext dsl, DataSource dataSource, PlatformTransactionManager transactionManager,
                     EventLogReader reader, Rebuild.Options options) {
        this.dsl = dsl;
        this.dataSource = dataSource;
        this.transactionManager = transactionManager;
        this.reader = reader;
        this.options = options;
    }

    /** The progress of the backfill this process runs. */
    public ReplayProgress progress() {
        return progress;
    }

    public void start() throws InterruptedException {
        List<Backfill.Table> pending = Backfill.pending(dsl);
        if (pending.isEmpty()) {
            return;
        }
        if (reader.head() <= options.chunk()) {
            for (Backfill.Table table : pending) {
                backfill(table).run();
            }
            return;
        }
        Thread worker = new Thread(() -> runAll(pending), "backfill");
        worker.setDaemon(true);
        thread = worker;
        worker.start();
    }

    private void runAll(List<Backfill.Table> tables) {
        for (Backfill.Table table : tables) {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    log.info("backfilling read table {} from the event log", table.name());
                    Backfill.Outcome outcome = backfill(table).run();
                    log.info("read table {}: {}", table.name(), outcome == Backfill.Outcome.READY ? "ready"
                            : "another process backfills it");
                    break;
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("backfill of read table {} failed, retrying in {}: {}", table.name(), RETRY,
                            e.getMessage());
                    try {
                        Thread.sleep(RETRY.toMillis());
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }
    }

    private Backfill backfill(Backfill.Table table) {
        return new Backfill(dsl, dataSource, transactionManager, new EventLogReplaySource(reader), table, options,
                progress);
    }

    @Override
    public void close() throws InterruptedException {
        Thread worker = thread;
        if (worker != null) {
            worker.interrupt();
            worker.join(Duration.ofSeconds(30).toMillis());
        }
    }
}
