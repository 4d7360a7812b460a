package io.runstore.server.cli;

import io.runstore.projections.replay.Repair;
import org.jooq.DSLContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.sql.DataSource;
import java.util.List;

/** {@code runstore replay}: events replayed into the live read tables (repair). */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays events into the live read tables while the live projector waits (repair): the given "
                + "runs' rows are removed and rebuilt from their events (--runs), or the events of a position range are "
                + "applied again to rows that lack them (--after/--up-to)."})
class RepairCommand extends ReplayCommand {

    static final class Which {
        @Option(names = "--runs", split = ",", description = "run ids whose rows are rebuilt from their events")
        List<String> runs;

        @ArgGroup(exclusive = false)
        Range range;
    }

    static final class Range {
        @Option(names = "--after", required = true, description = "replay events after this position")
        long after;

        @Option(names = "--up-to", required = true, description = "up to and including this position")
        long upTo;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Override
    protected int run(ConfigurableApplicationContext context) {
        Repair repair = new Repair(context.getBean(DSLContext.class), context.getBean(DataSource.class),
                context.getBean(PlatformTransactionManager.class), source(context), projector(), chunk);
        if (which.runs != null) {
            long applied = repair.runs(which.runs);
            out().printf("rebuilt the rows of %d runs from %d events%n", which.runs.size(), applied);
        } else {
            if (which.range.upTo <= which.range.after) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--up-to must be above --after");
            }
            long read = repair.range(which.range.after, which.range.upTo);
            out().printf("replayed %d events after position %d up to %d%n", read, which.range.after,
                    which.range.upTo);
        }
        out().flush();
        return 0;
    }
}
