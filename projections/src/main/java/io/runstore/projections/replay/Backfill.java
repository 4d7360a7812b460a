package io.runstore.projections.replay;

import io.runstore.projections.processing.ProjectionGate;
import io.runstore.projections.processing.RunListProjector;
import io.runstore.projections.replay.ReplayState.Replay;
import io.runstore.projections.write.MlmdObjectRows;
import org.jooq.DSLContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.runstore.readtables.schema.Tables.MLMD_OBJECT;

/**
 * The backfill of a read table a later version added to the run-list projection: the live projector writes the table
 * for every event it applies from the moment the table exists; the backfill gives it, from position 0 and in the
 * background, what the events before would have written ({@link Table#apply}, idempotent, so both may write the same
 * rows). While it runs the table is {@link ReadTableState.State#BACKFILLING} and its reads answer 503. The backfill is
 * a replay of its own ({@code backfill:<table>}, the {@link Replayer}'s lanes, resumable after a kill), holds the
 * table's {@code read_table_state} row so that one process at a time backfills it, and ends like a rebuild's switch:
 * once within {@code switchWithin} events of the head it holds the {@link ProjectionGate} (the live projector's
 * batches in flight commit, new ones wait), applies every event up to the head read then (at or beyond every position
 * the live projector has written, so no later event of the live projector can be overwritten by an older one of the
 * backfill: a run deleted live loses its rows here too) and marks the table {@link ReadTableState.State#READY}.
 */
public final class Backfill {

    /** A table that can be backfilled: its name and what an event writes to it. */
    public record Table(org.jooq.Table<?> table, Replayer.Apply apply) {

        public String name() {
            return table.getName();
        }
    }

    /** The tables a backfill knows, by name. */
    public static final Map<String, Table> TABLES = Map.of(MLMD_OBJECT.getName(),
            new Table(MLMD_OBJECT, MlmdObjectRows::backfill));

    /** How a run of the backfill ended. */
    public enum Outcome {
        /** The table is ready (now, or it was already). */
        READY,
        /** Another process holds the table's row: it backfills it. */
        BUSY
    }

    private final DSLContext dsl;
    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final ReplaySource source;
    private final Table table;
    private final Rebuild.Options options;
    private final ReplayProgress progress;
    private final Replayer replayer;

    public Backfill(DSLContext dsl, DataSource dataSource, PlatformTransactionManager transactionManager,
                    ReplaySource source, Table table, Rebuild.Options options, ReplayProgress progress) {
        this.dsl = dsl;
        this.dataSource = dataSource;
        this.transactions = new TransactionTemplate(transactionManager);
        this.source = source;
        this.table = table;
        this.options = options;
        this.progress = progress;
        this.replayer = new Replayer(dsl, dsl, transactionManager, source, table.apply(), replayName(table.name()),
                options.chunk(), progress);
    }

    /** The replay of a table's backfill in {@code projection_replay}. */
    public static String replayName(String table) {
        return "backfill:" + table;
    }

    /** The tables that are backfilling (with a backfill this build knows). */
    public static List<Table> pending(DSLContext dsl) {
        return ReadTableState.all(dsl).entrySet().stream()
                .filter(entry -> entry.getValue() == ReadTableState.State.BACKFILLING)
                .map(entry -> TABLES.get(entry.getKey())).filter(java.util.Objects::nonNull).toList();
    }

    /** Backfills the table up to the head and marks it ready; continues a backfill that was stopped. */
    public Outcome run() throws InterruptedException {
        String name = replayName(table.name());
        Optional<ReadTableState.Claim> claimed = ReadTableState.claim(dataSource, dsl.dialect(), table.name());
        if (claimed.isEmpty()) {
            return ReadTableState.of(dsl, table.name()) == ReadTableState.State.READY ? Outcome.READY : Outcome.BUSY;
        }
        try (ReadTableState.Claim claim = claimed.get()) {
            if (claim.state() == ReadTableState.State.READY) {
                return Outcome.READY;
            }
            Replay replay = ReplayState.find(dsl, name).orElseGet(() -> transactions.execute(status ->
                    ReplayState.start(dsl, name, options.lanes(), 0, source.head())));
            long head = source.head();
            progress.started("BACKFILLING " + table.name(),
                    ReplayState.lowest(ReplayState.lanes(dsl, name, replay.lanes())), head);
            while (true) {
                head = source.head();
                progress.total(head);
                long lowest = ReplayState.lowest(ReplayState.lanes(dsl, name, replay.lanes()));
                if (head - lowest <= options.switchWithin()) {
                    break;
                }
                replayer.runTo(head);
            }
            progress.phase("SWITCHING " + table.name());
            try (ProjectionGate.Held gate = ProjectionGate.hold(dataSource, dsl.dialect(),
                    RunListProjector.PROCESSING_GROUP)) {
                long last = source.head();
                progress.total(last);
                transactions.executeWithoutResult(status -> replayer.applyRemaining(last));
                claim.ready(List.of(name));
            }
            progress.phase("READY " + table.name());
            return Outcome.READY;
        }
    }

    /**
     * After a rebuild switched in tables it built from position 0: those of them still backfilling are complete, and
     * are marked ready unless a backfill holds them (it then ends by itself).
     */
    static void readyAfterRebuild(DSLContext dsl, DataSource dataSource, List<org.jooq.Table<?>> rebuilt) {
        for (org.jooq.Table<?> rebuiltTable : rebuilt) {
            if (ReadTableState.of(dsl, rebuiltTable.getName()) != ReadTableState.State.BACKFILLING) {
                continue;
            }
            ReadTableState.claim(dataSource, dsl.dialect(), rebuiltTable.getName()).ifPresent(claim -> {
                try (claim) {
                    claim.ready(List.of(replayName(rebuiltTable.getName())));
                }
            });
        }
    }
}
