package io.runstore.projections.replay;

import io.runstore.projections.replay.ReplayState.Replay;
import io.runstore.readtables.EpochMicros;
import org.jooq.DSLContext;
import org.jooq.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each read table of the run-list projection stands, from the database alone (so also for a replay another
 * process runs): readable or backfilling, and the replay under way on it (its backfill, else a rebuild) with events
 * done of events to go through, events/s since a process last took the replay up, and the time left at that rate.
 *
 * @param table           the read table
 * @param state           {@code READY} or {@code BACKFILLING}
 * @param replay          the replay under way on it ({@code rebuild}, {@code backfill:<table>}), null when none
 * @param phase           the replay's phase, null when none
 * @param eventsDone      events (positions) the replay is past
 * @param eventsTotal     events it has to go through, up to the head of the log now
 * @param eventsPerSecond since a process last took the replay up; 0 when unknown
 * @param etaSeconds      at that rate; -1 when unknown
 */
public record TableStatus(String table, String state, String replay, String phase, long eventsDone, long eventsTotal,
                          double eventsPerSecond, long etaSeconds) {

    /** Every table of the projection, in {@link ShadowTables#TABLES} order, at the log's {@code head}. */
    public static List<TableStatus> of(DSLContext dsl, long head) {
        Map<String, ReadTableState.State> states = ReadTableState.all(dsl);
        Map<String, Replay> replays = new LinkedHashMap<>();
        ReplayState.all(dsl).forEach(replay -> replays.put(replay.name(), replay));
        Map<String, Long> positions = new LinkedHashMap<>();
        long now = EpochMicros.of(Instant.now());
        List<TableStatus> tables = new ArrayList<>();
        for (Table<?> table : ShadowTables.TABLES) {
            String name = table.getName();
            String state = states.getOrDefault(name, ReadTableState.State.READY).name();
            Replay replay = replays.get(Backfill.replayName(name));
            if (replay == null) {
                replay = replays.get(Rebuild.NAME);
            }
            if (replay == null) {
                tables.add(new TableStatus(name, state, null, null, 0, 0, 0, -1));
                continue;
            }
            Replay under = replay;
            long position = positions.computeIfAbsent(replay.name(),
                    key -> ReplayState.lowest(ReplayState.lanes(dsl, key, under.lanes())));
            long total = Math.max(head, position) - replay.startAt();
            long done = position - replay.startAt();
            long since = replay.resumedAtMicros() > 0 ? replay.resumedAtMicros() : replay.startedAtMicros();
            long from = replay.resumedAtMicros() > 0 ? replay.resumedFrom() : replay.startAt();
            double seconds = (now - since) / 1e6;
            double rate = seconds <= 0 || position <= from ? 0 : (position - from) / seconds;
            long eta = rate <= 0 ? -1 : (long) Math.ceil((total - done) / rate);
            tables.add(new TableStatus(name, state, replay.name(), replay.phase().name(), done, total, rate, eta));
        }
        return tables;
    }
}
