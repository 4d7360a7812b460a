package io.runstore.command.run;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The one place the command side reads the time: UTC instants truncated to microseconds, as both databases keep them. */
public final class ServerClock {

    private ServerClock() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** A client-given time at the precision the server keeps, or null. */
    public static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
