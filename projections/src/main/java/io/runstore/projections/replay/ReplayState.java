package io.runstore.projections.replay;

import io.runstore.readtables.EpochMicros;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.Optional;

import static io.runstore.readtables.schema.Tables.PROJECTION_REPLAY;
import static io.runstore.readtables.schema.Tables.PROJECTION_REPLAY_LANE;

/** The rows of {@code projection_replay} and {@code projection_replay_lane}: where a replay and its lanes stand. */
public final class ReplayState {

    /** Phases of a rebuild, in order. */
    public enum Phase { BUILDING, INDEXING, CATCHING_UP, SWITCHING }

    /**
     * @param name    the replay
     * @param phase   where it is
     * @param lanes   its lanes: lane {@code i} applies the runs whose id hashes to {@code i}
     * @param startAt the position it started after
     * @param target  the head of the log when it started (what progress is measured against)
     */
    public record Replay(String name, Phase phase, int lanes, long startAt, long target, long startedAtMicros,
                         long resumedAtMicros, long resumedFrom) {
    }

    private ReplayState() {
    }

    public static Optional<Replay> find(DSLContext dsl, String name) {
        return dsl.selectFrom(PROJECTION_REPLAY).where(PROJECTION_REPLAY.REPLAY_NAME.eq(name)).fetchOptional()
                .map(row -> new Replay(row.getReplayName(), Phase.valueOf(row.getPhase()), row.getLanes(),
                        row.getStartAt(), row.getTarget(), row.getStartedAt(), row.getResumedAt(),
                        row.getResumedFrom()));
    }

    /** Starts a replay with every lane at {@code startAt}; replaces a replay of that name. */
    public static Replay start(DSLContext dsl, String name, int lanes, long startAt, long target) {
        finish(dsl, name);
        long now = EpochMicros.of(Instant.now());
        dsl.insertInto(PROJECTION_REPLAY, PROJECTION_REPLAY.REPLAY_NAME, PROJECTION_REPLAY.PHASE,
                        PROJECTION_REPLAY.LANES, PROJECTION_REPLAY.START_AT, PROJECTION_REPLAY.TARGET,
                        PROJECTION_REPLAY.STARTED_AT, PROJECTION_REPLAY.UPDATED_AT, PROJECTION_REPLAY.RESUMED_AT,
                        PROJECTION_REPLAY.RESUMED_FROM)
                .values(name, Phase.BUILDING.name(), lanes, startAt, target, now, now, now, startAt).execute();
        var insert = dsl.insertInto(PROJECTION_REPLAY_LANE).columns(PROJECTION_REPLAY_LANE.fields());
        for (int lane = 0; lane < lanes; lane++) {
            insert = insert.values(name, lane, startAt);
        }
        insert.execute();
        return new Replay(name, Phase.BUILDING, lanes, startAt, target, now, now, startAt);
    }

    /**
     * A process takes the replay up (again) with its lowest lane at {@code from}: what its events/s are measured
     * from, also by a process that only reads the state.
     */
    public static void resumed(DSLContext dsl, String name, long from) {
        dsl.update(PROJECTION_REPLAY).set(PROJECTION_REPLAY.RESUMED_AT, EpochMicros.of(Instant.now()))
                .set(PROJECTION_REPLAY.RESUMED_FROM, from)
                .where(PROJECTION_REPLAY.REPLAY_NAME.eq(name)).execute();
    }

    /** Every replay recorded, by name. */
    public static java.util.List<Replay> all(DSLContext dsl) {
        return dsl.selectFrom(PROJECTION_REPLAY).orderBy(PROJECTION_REPLAY.REPLAY_NAME).fetch(row -> new Replay(
                row.getReplayName(), Phase.valueOf(row.getPhase()), row.getLanes(), row.getStartAt(), row.getTarget(),
                row.getStartedAt(), row.getResumedAt(), row.getResumedFrom()));
    }

    public static void phase(DSLContext dsl, String name, Phase phase) {
        dsl.update(PROJECTION_REPLAY).set(PROJECTION_REPLAY.PHASE, phase.name())
                .set(PROJECTION_REPLAY.UPDATED_AT, EpochMicros.of(Instant.now()))
                .where(PROJECTION_REPLAY.REPLAY_NAME.eq(name)).execute();
    }

    /** The position of each lane, by lane number. */
    public static long[] lanes(DSLContext dsl, String name, int lanes) {
        long[] positions = new long[lanes];
        dsl.selectFrom(PROJECTION_REPLAY_LANE).where(PROJECTION_REPLAY_LANE.REPLAY_NAME.eq(name))
                .forEach(row -> positions[row.getLane()] = row.getPosition());
        return positions;
    }

    /** Moves a lane to {@code position}: in the transaction that wrote the lane's rows up to it. */
    static void advance(DSLContext dsl, String name, int lane, long position) {
        dsl.update(PROJECTION_REPLAY_LANE).set(PROJECTION_REPLAY_LANE.POSITION, position)
                .where(PROJECTION_REPLAY_LANE.REPLAY_NAME.eq(name)).and(PROJECTION_REPLAY_LANE.LANE.eq(lane))
                .execute();
    }

    public static void finish(DSLContext dsl, String name) {
        dsl.deleteFrom(PROJECTION_REPLAY_LANE).where(PROJECTION_REPLAY_LANE.REPLAY_NAME.eq(name)).execute();
        dsl.deleteFrom(PROJECTION_REPLAY).where(PROJECTION_REPLAY.REPLAY_NAME.eq(name)).execute();
    }

    public static long lowest(long[] lanes) {
        long lowest = Long.MAX_VALUE;
        for (long lane : lanes) {
            lowest = Math.min(lowest, lane);
        }
        return lanes.length == 0 ? 0 : lowest;
    }
}
