package io.runstore.server.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.command.kfpimport.KfpImport;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code runstore follow}: an import, then the changes of a live KFP database, until stopped. */
@Command(name = "follow", mixinStandardHelpOptions = true,
        description = {"Imports a KFP database as 'import' does, then keeps importing the runs created or changed "
                + "since the last pass, every --interval, until stopped (Ctrl-C, SIGTERM), so that runstore serves "
                + "reads beside a running KFP before the switch. Stopping at any moment loses nothing: the next "
                + "'follow' or 'import' continues."})
class FollowCommand extends DatabaseCommand {

    @Mixin
    KfpDatabaseOptions kfp;

    @Option(names = "--interval", defaultValue = "PT30S", paramLabel = "DURATION",
            description = "Pause between passes, ISO-8601 (default ${DEFAULT-VALUE}; PT5S is five seconds).")
    Duration interval;

    @Override
    protected int run(ConfigurableApplicationContext context) throws Exception {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("--interval must be positive, was " + interval);
        }
        ImportProgress progress = ImportProgress.on(out());
        try (HikariDataSource source = kfp.openDataSource()) {
            KfpImport kfpImport = new KfpImport(source, context.getBean(EventStorageEngine.class), kfp.threads,
                    kfp.pageSize);
            AtomicBoolean imported = new AtomicBoolean();
            kfpImport.follow(interval, progress,
                    pass -> progress.done(imported.getAndSet(true) ? "pass" : "import", pass));
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
