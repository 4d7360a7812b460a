package io.runstore.projections.replay;

import io.runstore.projections.processing.BatchProjector;
import io.runstore.projections.processing.ProjectionGate;
import io.runstore.projections.processing.RunListProjector;
import io.runstore.projections.replay.ReplayState.Phase;
import io.runstore.projections.replay.ReplayState.Replay;
import org.jooq.DSLContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.Optional;

/**
 * A blue/green rebuild of the run-list projection's read tables while the live ones keep serving and the live
 * projector keeps running:
 * <ol>
 *   <li>{@link Phase#BUILDING}: shadow tables ({@link ShadowTables#NEXT}) are created with primary keys only and
 *   filled from position 0 to the head of the log by the {@link Replayer}'s lanes;</li>
 *   <li>{@link Phase#INDEXING}: the secondary indexes are created on the filled tables;</li>
 *   <li>{@link Phase#CATCHING_UP}: the lanes follow the head until fewer than {@code switchWithin} events remain;</li>
 *   <li>{@link Phase#SWITCHING}: the {@link ProjectionGate} is held (the live projector's batches in flight commit,
 *   new ones wait), the shadow tables take every event up to the head read then, which is at or beyond every position
 *   the live projector has committed, and they are swapped in ({@link ShadowTables#swap}); then the gate opens. The
 *   live projector goes on from its own tokens: events it delivers again change nothing (a run's rows take an event
 *   only above their version), and none is missed because the new tables hold every event up to that head.</li>
 * </ol>
 * Each step is recorded in {@code projection_replay}; run again after a kill, it continues where it was. The tables
 * replaced are kept as {@link ShadowTables#PREVIOUS} until {@link #dropPrevious} or the next switch.
 */
public final class Rebuild {

    public static final String NAME = "rebuild";

    /**
     * @param lanes        lanes writing in parallel
     * @param chunk        events read per query
     * @param switchWithin the switch starts once the shadow tables are at most this many events behind the head
     */
    public record Options(int lanes, int chunk, long switchWithin) {

        public Options {
            if (lanes < 1 || chunk < 1 || switchWithin < 0) {
                throw new IllegalArgumentException("lanes and chunk must be positive, switchWithin not negative");
            }
        }

        public static Options defaults() {
            return new Options(4, 5_000, 5_000);
        }
    }

    /** How a run of the rebuild ended. */
    public enum Outcome { SWITCHED, CAUGHT_UP }

    private final DSLContext dsl;
    private final DSLContext shadow;
    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final ReplaySource source;
    private final Options options;
    private final ReplayProgress progress;
    private final Replayer replayer;

    /**
     * @param dsl        the live names, joining {@code transactionManager}'s transactions
     * @param dataSource the same database, for the connection that holds the gate
     */
    public Rebuild(DSLContext dsl, DataSource dataSource, PlatformTransactionManager transactionManager,
                   ReplaySource source, BatchProjector projector, Options options, ReplayProgress progress) {
        this.dsl = dsl;
        this.shadow = ShadowTables.mapped(dsl, ShadowTables.NEXT);
        this.dataSource = dataSource;
        this.transactions = new TransactionTemplate(transactionManager);
        this.source = source;
        this.options = options;
        this.progress = progress;
        this.replayer = new Replayer(dsl, shadow, transactionManager, source, projector, NAME, options.chunk(),
                progress);
    }

    /** The rebuild under way, if any. */
    public Optional<Replay> current() {
        return ReplayState.find(dsl, NAME);
    }

    /**
     * Starts a rebuild, or continues the one under way, up to the switch.
     *
     * @param switchTables false: stop once caught up (the shadow tables stay, a later run switches)
     */
    public Outcome run(boolean switchTables) throws InterruptedException {
        Optional<Replay> found = current();
        if (found.isPresent() && !ShadowTables.exist(dsl, ShadowTables.NEXT)) {
            if (found.get().phase() == Phase.SWITCHING && ShadowTables.exist(dsl, ShadowTables.PREVIOUS)) {
                // MySQL/MariaDB: killed between the swap (a statement of its own) and the end of the state
                transactions.executeWithoutResult(status -> ReplayState.finish(dsl, NAME));
                return Outcome.SWITCHED;
            }
            found = Optional.empty();
        }
        Replay replay = found.orElseGet(this::start);
        long[] lanes = ReplayState.lanes(dsl, NAME, replay.lanes());
        long head = source.head();
        progress.started(replay.phase().name(), ReplayState.lowest(lanes) - replay.startAt(),
                head - replay.startAt());
        if (replay.phase() == Phase.BUILDING) {
            replayer.runTo(Math.max(replay.target(), head));
            phase(Phase.INDEXING);
            replay = current().orElseThrow();
        }
        if (replay.phase() == Phase.INDEXING) {
            ShadowTables.createSecondaryIndexes(dsl, ShadowTables.NEXT);
            phase(Phase.CATCHING_UP);
        }
        catchUp();
        if (!switchTables) {
            progress.phase("CAUGHT_UP");
            return Outcome.CAUGHT_UP;
        }
        switchTables();
        progress.phase("SWITCHED");
        return Outcome.SWITCHED;
    }

    /** Drops the tables the last switch replaced; false when there were none. */
    public boolean dropPrevious() {
        boolean existed = ShadowTables.anyExists(dsl, ShadowTables.PREVIOUS);
        ShadowTables.drop(dsl, ShadowTables.PREVIOUS);
        return existed;
    }

    /** Gives up the rebuild under way: its shadow tables and state go; false when there was none. */
    public boolean abandon() {
        boolean existed = current().isPresent() || ShadowTables.anyExists(dsl, ShadowTables.NEXT);
        ShadowTables.drop(dsl, ShadowTables.NEXT);
        transactions.executeWithoutResult(status -> ReplayState.finish(dsl, NAME));
        return existed;
    }

    private Replay start() {
        ShadowTables.create(dsl, ShadowTables.NEXT);
        long head = source.head();
        Replay replay = transactions.execute(status -> ReplayState.start(dsl, NAME, options.lanes(), 0, head));
        progress.started(Phase.BUILDING.name(), 0, head);
        return replay;
    }

    private void catchUp() throws InterruptedException {
        progress.phase(Phase.CATCHING_UP.name());
        while (true) {
            long head = source.head();
            progress.total(head);
            long lowest = ReplayState.lowest(ReplayState.lanes(dsl, NAME, current().orElseThrow().lanes()));
            if (head - lowest <= options.switchWithin()) {
                return;
            }
            replayer.runTo(head);
        }
    }

    private void switchTables() {
        progress.phase(Phase.SWITCHING.name());
        try (ProjectionGate.Held gate = ProjectionGate.hold(dataSource, dsl.dialect(),
                RunListProjector.PROCESSING_GROUP)) {
            long head = source.head();
            progress.total(head);
            if (ShadowTables.swapsInTransaction(dsl)) {
                transactions.executeWithoutResult(status -> {
                    replayer.applyRemaining(head);
                    ShadowTables.swap(dsl, ShadowTables.NEXT);
                    ReplayState.finish(dsl, NAME);
                });
            } else {
                transactions.executeWithoutResult(status -> {
                    replayer.applyRemaining(head);
                    ReplayState.phase(dsl, NAME, Phase.SWITCHING);
                });
                ShadowTables.swap(dsl, ShadowTables.NEXT);
                transactions.executeWithoutResult(status -> ReplayState.finish(dsl, NAME));
            }
        }
        Backfill.readyAfterRebuild(dsl, dataSource, ShadowTables.TABLES);
    }

    private void phase(Phase phase) {
        transactions.executeWithoutResult(status -> ReplayState.phase(dsl, NAME, phase));
        progress.phase(phase.name());
    }
}
