package io.runstore.projections.processing;

import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.projections.write.ReadTables;
import io.runstore.readtables.EpochMicros;
import io.runstore.readtables.schema.tables.records.ProjectionDeadLetterRecord;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import static io.runstore.readtables.schema.Tables.PROJECTION_DEAD_LETTER;

/** The {@code projection_dead_letter} table: events parked with the reason they could not be applied. */
public final class DeadLetters {

    private static final int MAX_REASON = 4000;

    private DeadLetters() {
    }

    static void park(DSLContext dsl, List<ProjectedEvent> events, String reason) {
        long now = EpochMicros.of(Instant.now());
        String shortReason = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        List<ProjectionDeadLetterRecord> rows = events.stream().map(event -> new ProjectionDeadLetterRecord(
                event.runId(), event.sequence(), event.position(), event.payload().getClass().getName(),
                shortReason, now)).toList();
        for (List<ProjectionDeadLetterRecord> chunk : ReadTables.chunks(rows)) {
            dsl.insertInto(PROJECTION_DEAD_LETTER).columns(PROJECTION_DEAD_LETTER.fields()).valuesOfRecords(chunk)
                    .onDuplicateKeyIgnore().execute();
        }
    }

    /** The runs among {@code runIds} that have a parked event: their later events are parked behind it. */
    static Set<String> blockedRuns(DSLContext dsl, Collection<String> runIds) {
        return dsl.selectDistinct(PROJECTION_DEAD_LETTER.RUN_ID).from(PROJECTION_DEAD_LETTER)
                .where(PROJECTION_DEAD_LETTER.RUN_ID.in(runIds)).fetchSet(PROJECTION_DEAD_LETTER.RUN_ID);
    }

    /** How many events are parked. */
    public static long count(DSLContext dsl) {
        return dsl.fetchCount(PROJECTION_DEAD_LETTER);
    }

    /**
     * What is parked: events and runs, and the first {@code limit} runs in log order (by the position of each run's
     * first parked event).
     */
    public static Summary summary(DSLContext dsl, int limit) {
        Record2<Integer, Integer> counts = dsl.select(DSL.count(), DSL.countDistinct(PROJECTION_DEAD_LETTER.RUN_ID))
                .from(PROJECTION_DEAD_LETTER).fetchSingle();
        Field<Long> first = DSL.min(PROJECTION_DEAD_LETTER.GLOBAL_POSITION);
        List<String> runs = counts.value2() == 0 ? List.of() : dsl.select(PROJECTION_DEAD_LETTER.RUN_ID, first)
                .from(PROJECTION_DEAD_LETTER).groupBy(PROJECTION_DEAD_LETTER.RUN_ID)
                .orderBy(first, PROJECTION_DEAD_LETTER.RUN_ID).limit(limit).fetch(PROJECTION_DEAD_LETTER.RUN_ID);
        return new Summary(counts.value1(), counts.value2(), runs);
    }

    /**
     * @param events   parked events
     * @param runs     runs with a parked event
     * @param firstRuns the first of those runs in log order
     */
    public record Summary(long events, long runs, List<String> firstRuns) {
    }
}
