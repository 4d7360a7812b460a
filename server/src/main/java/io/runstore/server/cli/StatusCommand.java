package io.runstore.server.cli;

import io.runstore.eventstore.EventLogReader;
import io.runstore.projections.processing.DeadLetters;
import io.runstore.projections.processing.RunListProjector;
import io.runstore.projections.replay.Rebuild;
import io.runstore.projections.replay.ReplayState;
import io.runstore.projections.replay.ReplayProgress;
import io.runstore.projections.replay.ShadowTables;
import io.runstore.projections.replay.TableStatus;
import io.runstore.projections.status.ProcessorPositions;
import org.axonframework.serialization.Serializer;
import org.jooq.DSLContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** {@code runstore status}: how far the projections are behind the event log. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows the head of the event log and, per projection, the position it has applied and how many "
                + "events it is behind; per read table whether it may be read or is being backfilled, and the replay "
                + "under way on it: events done and total, events/s, ETA.")
class StatusCommand extends DatabaseCommand {

    @Override
    protected int run(ConfigurableApplicationContext context) {
        DSLContext dsl = context.getBean(DSLContext.class);
        long head = context.getBean(EventLogReader.class).head();
        Map<Integer, Long> segments = ProcessorPositions.of(dsl, context.getBean(Serializer.class),
                RunListProjector.PROCESSING_GROUP);
        PrintWriter out = out();
        out.printf("event log: %d events (head position %d)%n", head, head);
        if (segments.isEmpty()) {
            out.printf("%s (live projector): not started on this database%n", RunListProjector.PROCESSING_GROUP);
        } else {
            long position = ProcessorPositions.lowest(segments);
            out.printf("%s (live projector): position %d, %d events behind, segments %s%n",
                    RunListProjector.PROCESSING_GROUP, position, Math.max(0, head - position), segments);
        }
        out.printf("dead letters: %d%n", DeadLetters.count(dsl));
        ReplayState.find(dsl, Rebuild.NAME).ifPresentOrElse(replay -> {
            long position = ReplayState.lowest(ReplayState.lanes(dsl, Rebuild.NAME, replay.lanes()));
            out.printf("rebuild: phase %s, position %d of %d, %d events behind, %d lanes%n", replay.phase(),
                    position, head, Math.max(0, head - position), replay.lanes());
        }, () -> out.println("rebuild: none under way"));
        out.printf("replaced tables kept: %s%n", ShadowTables.anyExists(dsl, ShadowTables.PREVIOUS) ? "yes" : "no");
        out.println("read tables:");
        for (TableStatus table : TableStatus.of(dsl, head)) {
            out.println("  " + line(table));
        }
        out.flush();
        return 0;
    }

    /** One table: readable or backfilling, and the replay under way on it with its progress. */
    static String line(TableStatus table) {
        String state = String.format(Locale.ROOT, "%-22s %-11s", table.table(), table.state().toLowerCase(Locale.ROOT));
        if (table.replay() == null) {
            return state + " no replay under way";
        }
        return state + " " + table.replay() + " " + ProgressPrinter.line(new ReplayProgress.Snapshot(table.phase(),
                table.eventsDone(), table.eventsTotal(), table.eventsPerSecond(), table.etaSeconds()));
    }
}
