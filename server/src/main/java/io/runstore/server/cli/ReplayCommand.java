package io.runstore.server.cli;

import io.runstore.eventstore.EventLogReader;
import io.runstore.projections.processing.BatchProjector;
import io.runstore.projections.replay.Rebuild;
import io.runstore.projections.replay.ReplayProgress;
import io.runstore.server.replay.EventLogReplaySource;
import org.jooq.DSLContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import picocli.CommandLine.Option;

import javax.sql.DataSource;
import java.util.HashMap;
import java.util.Map;

/** What the commands that replay the log share: their options and the pieces they replay with. */
abstract class ReplayCommand extends DatabaseCommand {

    @Option(names = "--lanes", defaultValue = "4", description = "lanes writing in parallel (default: ${DEFAULT-VALUE})")
    int lanes;

    @Option(names = "--chunk", defaultValue = "5000",
            description = "events read from the log per query (default: ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--switch-within", defaultValue = "5000",
            description = "switch once the shadow tables are at most this many events behind (default: "
                    + "${DEFAULT-VALUE})")
    long switchWithin;

    @Option(names = "--progress", defaultValue = "auto",
            description = "bar (a live bar), lines (a line every 10 s) or auto: a bar on a terminal (default: "
                    + "${DEFAULT-VALUE})")
    String progressStyle;

    /**
     * MySQL Connector/J prepares the replay's statements on the server and binds their values in its binary protocol:
     * a client-side prepared statement escapes every string into the statement's text, which took half of a MariaDB
     * rebuild's lane time (its multi-row upserts carry run_task's task JSON). Only this process's connections; the
     * server keeps the pool's defaults. PostgreSQL's driver ignores the property.
     */
    static final String SERVER_PREPARED_STATEMENTS = "spring.datasource.hikari.data-source-properties.useServerPrepStmts";

    final ReplayProgress progress = new ReplayProgress();

    @Override
    protected Map<String, Object> defaultProperties() {
        Map<String, Object> defaults = new HashMap<>(super.defaultProperties());
        defaults.put(SERVER_PREPARED_STATEMENTS, "true");
        return defaults;
    }

    Rebuild.Options options() {
        return new Rebuild.Options(lanes, chunk, switchWithin);
    }

    static EventLogReplaySource source(ConfigurableApplicationContext context) {
        return new EventLogReplaySource(context.getBean(EventLogReader.class));
    }

    static BatchProjector projector() {
        return new BatchProjector();
    }

    Rebuild rebuild(ConfigurableApplicationContext context) {
        return new Rebuild(context.getBean(DSLContext.class), context.getBean(DataSource.class),
                context.getBean(PlatformTransactionManager.class), source(context), projector(), options(), progress);
    }

    ProgressPrinter printer() {
        boolean bar = switch (progressStyle) {
            case "bar" -> true;
            case "lines" -> false;
            default -> System.console() != null;
        };
        return new ProgressPrinter(progress, out(), bar);
    }
}
