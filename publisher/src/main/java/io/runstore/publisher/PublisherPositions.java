package io.runstore.publisher;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.IntegrityConstraintViolationException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * {@code publisher_position}: per topic, the position up to which every event of the log has been acknowledged by
 * Kafka. The publisher moves it with a compare-and-set, so that a position set from outside while it runs (a reset to
 * an earlier position, {@code runstore publisher --from-position}) is noticed instead of overwritten.
 */
public final class PublisherPositions {

    private static final Table<Record> TABLE = table(name("publisher_position"));
    private static final Field<String> TOPIC = field(name("topic"), String.class);
    private static final Field<Long> POSITION = field(name("position"), Long.class);
    private static final Field<Long> UPDATED_AT = field(name("updated_at"), Long.class);

    private final DSLContext dsl;
    private final Clock clock;

    public PublisherPositions(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** The stored position of the topic, if it has one. */
    public Optional<Long> of(String topic) {
        return dsl.select(POSITION).from(TABLE).where(TOPIC.eq(topic)).fetchOptional(POSITION);
    }

    /** The stored position of the topic; a topic without one gets {@code start} (stored). */
    public long startAt(String topic, long start) {
        Optional<Long> stored = of(topic);
        if (stored.isPresent()) {
            return stored.get();
        }
        try {
            dsl.insertInto(TABLE).columns(TOPIC, POSITION, UPDATED_AT).values(topic, start, now()).execute();
            return start;
        } catch (IntegrityConstraintViolationException raced) {
            return of(topic).orElseThrow();
        }
    }

    /** Moves the topic's position from {@code expected} to {@code position}; false when it was not at expected. */
    public boolean advance(String topic, long expected, long position) {
        return dsl.update(TABLE).set(POSITION, position).set(UPDATED_AT, now())
                .where(TOPIC.eq(topic)).and(POSITION.eq(expected)).execute() == 1;
    }

    /**
     * Sets the topic's position, whatever it was: the events after it are published (again). A publisher that is
     * running notices at its next batch.
     */
    public void set(String topic, long position) {
        if (position < 0) {
            throw new IllegalArgumentException("A position is 0 (before the first event) or more, not " + position);
        }
        if (dsl.update(TABLE).set(POSITION, position).set(UPDATED_AT, now()).where(TOPIC.eq(topic)).execute() == 0) {
            try {
                dsl.insertInto(TABLE).columns(TOPIC, POSITION, UPDATED_AT).values(topic, position, now()).execute();
            } catch (IntegrityConstraintViolationException raced) {
                set(topic, position);
            }
        }
    }

    private long now() {
        Instant now = clock.instant();
        return ChronoUnit.MICROS.between(Instant.EPOCH, now);
    }
}
