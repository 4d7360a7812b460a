package io.runstore.server.cli;

import io.runstore.eventstore.EventLogReader;
import io.runstore.publisher.PublisherPositions;
import io.runstore.server.schema.SchemasOnStart;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;

/** {@code runstore publisher}: the publisher's position on a topic, and pointing it at an earlier one. */
@Command(name = "publisher", mixinStandardHelpOptions = true,
        description = {"Shows the Kafka publisher's stored position on a topic and how many events it is behind.",
                "With --from-position, sets it: the publisher (running or started later) sends every event after "
                        + "that position to the topic again, e.g. to fill a new topic or one that lost data."})
class PublisherCommand extends DatabaseCommand {

    @Option(names = "--topic", description = "the topic (default: runstore.publisher.topic, else runstore-events)")
    String topic;

    @Option(names = "--from-position", paramLabel = "POSITION",
            description = "set the stored position: events after it are published (again); 0 is the whole log")
    Long fromPosition;

    /** Not {@value #PROFILE}: it needs the event store and the publisher's position, not the read tables. */
    @Override
    protected String[] profiles() {
        return new String[]{SchemasOnStart.CLI_PUBLISHER};
    }

    @Override
    protected int run(ConfigurableApplicationContext context) {
        String topic = this.topic != null ? this.topic
                : context.getEnvironment().getProperty("runstore.publisher.topic", "runstore-events");
        PublisherPositions positions = positions(context);
        long head = context.getBean(EventLogReader.class).head();
        PrintWriter out = out();
        Optional<Long> stored = positions.of(topic);
        if (fromPosition != null) {
            if (fromPosition < 0 || fromPosition > head) {
                throw new ParameterException(spec.commandLine(), "--from-position must be between 0 and the head of"
                        + " the log (" + head + "), not " + fromPosition);
            }
            positions.set(topic, fromPosition);
            out.printf("topic %s: position set to %d (was %s); the publisher sends the %d events after it%n", topic,
                    fromPosition, stored.map(String::valueOf).orElse("unset"), head - fromPosition);
        } else if (stored.isEmpty()) {
            out.printf("topic %s: no position stored (the publisher starts at runstore.publisher.start-position); "
                    + "event log head %d%n", topic, head);
        } else {
            out.printf("topic %s: position %d, %d events behind (event log head %d)%n", topic, stored.get(),
                    Math.max(0, head - stored.get()), head);
        }
        out.flush();
        return 0;
    }

    /** The position store the command reads and sets (the publisher role's own bean is not started here). */
    static PublisherPositions positions(ConfigurableApplicationContext context) {
        return new PublisherPositions(context.getBean(org.jooq.DSLContext.class), Clock.systemUTC());
    }
}
