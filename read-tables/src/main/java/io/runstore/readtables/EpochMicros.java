package io.runstore.readtables;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The one conversion between API instants and the epoch-microsecond columns of the read tables (0 = not set). */
public final class EpochMicros {

    private EpochMicros() {
    }

    /**
     * Exact over every instant the API takes (years 1 to 9999): seconds and microseconds added, not
     * {@code ChronoUnit.MICROS.between}, which goes through nanoseconds and overflows outside 1677 to 2262.
     */
    public static long of(Instant instant) {
        return instant == null ? 0L
                : Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    public static Instant toInstant(long micros) {
        return micros == 0L ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
