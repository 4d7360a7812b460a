package io.runstore.server.cli;

import io.runstore.projections.replay.Rebuild;
import io.runstore.projections.replay.ShadowTables;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code runstore rebuild}: a blue/green rebuild of the read tables from the event log. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = {"Rebuilds the read tables from the event log into shadow tables (run_list__next, ...) while the "
                + "live ones keep serving and the live projector keeps running, catches up to the head, and swaps "
                + "them in atomically. The replaced tables stay as run_list__prev, ... until 'drop'.",
                "Stopped or killed, it continues where it was when run again."})
class RebuildCommand extends ReplayCommand {

    @Option(names = "--no-switch", description = "stop once caught up; a later rebuild switches")
    boolean noSwitch;

    @Option(names = "--restart", description = "discard a rebuild under way and start from position 0")
    boolean restart;

    @Override
    protected int run(ConfigurableApplicationContext context) throws Exception {
        Rebuild rebuild = rebuild(context);
        PrintWriter out = out();
        if (restart && rebuild.abandon()) {
            out.println("discarded the rebuild under way");
        }
        rebuild.current().ifPresent(replay -> out.printf("continuing the rebuild under way (phase %s, %d lanes)%n",
                replay.phase(), replay.lanes()));
        Rebuild.Outcome outcome;
        try (ProgressPrinter printer = printer()) {
            outcome = rebuild.run(!noSwitch);
        }
        if (outcome == Rebuild.Outcome.SWITCHED) {
            out.println("switched: the rebuilt tables are live; the replaced ones are kept as *" + ShadowTables.PREVIOUS
                    + " until 'drop'");
        } else {
            out.println("caught up: the shadow tables *" + ShadowTables.NEXT + " are ready; run rebuild again to "
                    + "switch");
        }
        out.flush();
        return 0;
    }
}
