package io.runstore.database;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The log of something that fails again and again while a dependency is away (a loop that retries every 100 ms
 * through a database outage): one WARN when it starts failing, then at most one WARN per {@code repeatEvery} with how
 * long and how often it has failed, the failures in between at DEBUG, and one INFO when it works again.
 */
public final class OutageLog {

    private final Logger log;
    private final String what;
    private final Duration repeatEvery;
    private final Clock clock;
    private Instant failingSince;
    private Instant lastWarned;
    private long failures;

    /** @param what what fails, as the start of a sentence ("Sequencing events") */
    public OutageLog(Logger log, String what, Duration repeatEvery, Clock clock) {
        this.log = log;
        this.what = what;
        this.repeatEvery = repeatEvery;
        this.clock = clock;
    }

    /** One WARN a minute. */
    public OutageLog(Logger log, String what) {
        this(log, what, Duration.ofMinutes(1), Clock.systemUTC());
    }

    public synchronized void failed(Throwable failure) {
        Instant now = clock.instant();
        failures++;
        if (failingSince == null) {
            failingSince = now;
            lastWarned = now;
            log.warn("{} failed, trying again: {}", what, failure.toString());
        } else if (!now.isBefore(lastWarned.plus(repeatEvery))) {
            lastWarned = now;
            log.warn("{} still failing after {} ({} failures), trying again: {}", what,
                    Duration.between(failingSince, now), failures, failure.toString());
        } else {
            log.debug("{} failed again: {}", what, failure.toString());
        }
    }

    public synchronized void succeeded() {
        if (failingSince == null) {
            return;
        }
        log.info("{} works again after {} ({} failures)", what, Duration.between(failingSince, clock.instant()),
                failures);
        failingSince = null;
        lastWarned = null;
        failures = 0;
    }
}
