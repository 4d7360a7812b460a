package io.runstore.server.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.command.kfpimport.KfpImport;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code runstore import}: every run of a KFP database into the event log, once. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Imports every run of a KFP database (MySQL or PostgreSQL) into the event log: its tasks, "
                + "state history, metrics and storage state, as events marked imported=kfp. Runs already imported "
                + "get only what is new, so an import can be stopped and run again; the projections then build the "
                + "read tables as usual.",
                "The runstore database must be migrated (a server with the command role, or the migrate role)."})
class ImportCommand extends DatabaseCommand {

    @Mixin
    KfpDatabaseOptions kfp;

    @Override
    protected int run(ConfigurableApplicationContext context) throws Exception {
        ImportProgress progress = ImportProgress.on(out());
        try (HikariDataSource source = kfp.openDataSource()) {
            KfpImport kfpImport = new KfpImport(source, context.getBean(EventStorageEngine.class), kfp.threads,
                    kfp.pageSize);
            progress.done("import", kfpImport.importAll(progress));
        }
        return 0;
    }
}
