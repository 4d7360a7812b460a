package io.runstore.database;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An outage retried every 100 ms for three minutes logs four warnings and one line when it ends, not 1,800. */
class OutageLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(OutageLogTest.class.getName() + ".outage");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final MovingClock clock = new MovingClock();
    private final OutageLog outage = new OutageLog(logger, "Sequencing events", Duration.ofMinutes(1), clock);

    @BeforeEach
    void capture() {
        logger.setLevel(Level.DEBUG);
        logger.addAppender(logged);
        logged.start();
    }

    @Test
    void oneWarningWhenItStartsAtMostOneAMinuteAndInfoWhenItIsBack() {
        outage.succeeded();
        assertThat(logged.list).as("nothing while it works").isEmpty();

        Exception away = new SQLTransientConnectionException("Connection refused");
        for (int tick = 0; tick < 1_800; tick++) {
            outage.failed(away);
            clock.advance(Duration.ofMillis(100));
        }
        outage.succeeded();
        outage.succeeded();

        assertThat(at(Level.WARN)).hasSize(3).first().asString()
                .isEqualTo("Sequencing events failed, trying again: " + away);
        assertThat(at(Level.WARN).get(1)).startsWith("Sequencing events still failing after PT1M (601 failures)");
        assertThat(at(Level.WARN).get(2)).startsWith("Sequencing events still failing after PT2M (1201 failures)");
        assertThat(at(Level.DEBUG)).hasSize(1_800 - 3);
        assertThat(at(Level.INFO)).containsExactly("Sequencing events works again after PT3M (1800 failures)");

        logged.list.clear();
        outage.failed(away);
        assertThat(at(Level.WARN)).as("a new outage warns at once").hasSize(1);
    }

    private List<String> at(Level level) {
        return logged.list.stream().filter(event -> event.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static final class MovingClock extends Clock {

        private Instant now = Instant.parse("2026-12-06T20:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
