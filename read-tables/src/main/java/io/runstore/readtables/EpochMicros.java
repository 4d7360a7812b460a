package io.runstore.readtables;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The one conversion between API instants and the epoch-microsecond columns of the read tables (0 = not set). */
public final class EpochMicros {

    private EpochMicros() {
    }

    public static long of(Instant instant) {
        return instant == null ? 0L : ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    public static Instant toInstant(long micros) {
        return micros == 0L ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
