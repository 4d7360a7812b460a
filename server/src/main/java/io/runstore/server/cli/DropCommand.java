package io.runstore.server.cli;

import io.runstore.projections.replay.Rebuild;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code runstore drop}: the tables a rebuild's switch replaced, or an unfinished rebuild. */
@Command(name = "drop", mixinStandardHelpOptions = true,
        description = "Drops the read tables the last rebuild replaced (run_list__prev, ...).")
class DropCommand extends ReplayCommand {

    @Option(names = "--unfinished", description = "drop the shadow tables and the state of a rebuild under way instead")
    boolean unfinished;

    @Override
    protected int run(ConfigurableApplicationContext context) {
        Rebuild rebuild = rebuild(context);
        boolean dropped = unfinished ? rebuild.abandon() : rebuild.dropPrevious();
        out().println(dropped ? (unfinished ? "dropped the unfinished rebuild" : "dropped the replaced tables")
                : "nothing to drop");
        out().flush();
        return 0;
    }
}
