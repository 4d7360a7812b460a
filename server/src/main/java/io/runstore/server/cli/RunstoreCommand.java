package io.runstore.server.cli;

import io.runstore.server.RunstoreApplication;
import io.runstore.server.schema.SchemasOnStart;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Profiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The jar's command line. Without a subcommand it runs the server, every argument passed to Spring as before
 * ({@code --server.port=8081}, {@code --spring.datasource.url=...}). A subcommand ({@code runstore <name> --help})
 * runs against the database the server would use, configured the same way: properties given as
 * {@code --name=value} (before or after the subcommand's name), environment variables, {@code application.yaml}.
 * Further subcommands are added to {@link #subcommands()}.
 */
@Command(name = "runstore", mixinStandardHelpOptions = true, versionProvider = RunstoreCommand.Version.class,
        description = {"runstore: an event-sourced metadata store for ML pipeline runs.",
                "Without a command: runs the server; Spring properties are given as --name=value."},
        footer = {"", "Each command takes the server's configuration: --spring.datasource.url=..., "
                + "SPRING_DATASOURCE_URL, application.yaml."})
public class RunstoreCommand implements Callable<Integer> {

    @Unmatched
    List<String> springArguments = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private ConfigurableApplicationContext server;

    public static void main(String[] args) {
        RunstoreCommand root = new RunstoreCommand();
        int exitCode = commandLine(root).execute(args);
        if (root.server == null) {
            System.exit(exitCode);
        }
    }

    /** The command line with every subcommand, ready to execute. */
    public static CommandLine commandLine(RunstoreCommand root) {
        CommandLine commandLine = new CommandLine(root);
        subcommands().forEach(commandLine::addSubcommand);
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            command.getErr().println(command.getCommandName() + ": " + rootCause(exception));
            command.getErr().flush();
            return 1;
        });
        return commandLine;
    }

    /** The subcommands, in the order {@code --help} lists them. */
    static List<Object> subcommands() {
        return List.of(new StatusCommand(), new RebuildCommand(), new CheckCommand(), new DropCommand(),
                new RepairCommand(), new PublisherCommand(), new ImportCommand(), new FollowCommand());
    }

    /**
     * No subcommand: the server, as {@code java -jar runstore-server.jar [--name=value ...]} always ran it; with the
     * role {@code migrate} it migrates every schema and exits.
     */
    @Override
    public Integer call() {
        SpringArguments.check(spec.commandLine(), springArguments);
        server = SpringApplication.run(RunstoreApplication.class, springArguments.toArray(String[]::new));
        if (server.getEnvironment().acceptsProfiles(Profiles.of(SchemasOnStart.MIGRATE))) {
            int exitCode = SpringApplication.exit(server);
            server = null;
            return exitCode;
        }
        return 0;
    }

    /** The server this command started, if it started one. */
    ConfigurableApplicationContext server() {
        return server;
    }

    /** The Spring properties given before the subcommand's name. */
    List<String> springArguments() {
        return springArguments;
    }

    /** The innermost cause: what went wrong, without Spring's layers of bean creation around it. */
    private static String rootCause(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = RunstoreCommand.class.getPackage().getImplementationVersion();
            return new String[]{"runstore " + (version == null ? "(development build)" : version)};
        }
    }
}
