package io.runstore.server.cli;

import io.runstore.server.RunstoreApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A subcommand that works on the server's database. {@link #open()} starts the application without its web server and
 * without any role (profile {@value #PROFILE}): the data source, jOOQ, the event store and the serializers, configured
 * exactly as the server's (properties given before or after the subcommand's name, the environment,
 * {@code application.yaml}), and quiet unless {@code --logging.level.root=INFO} says otherwise.
 */
public abstract class DatabaseCommand implements Callable<Integer> {

    /** The profile of a command-line process: no role's beans start. */
    public static final String PROFILE = "cli";

    @ParentCommand
    RunstoreCommand root;

    @Unmatched
    List<String> springArguments = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        List<String> arguments = new ArrayList<>(root == null ? List.of() : root.springArguments());
        arguments.addAll(springArguments);
        SpringArguments.check(spec.commandLine(), arguments);
        try (ConfigurableApplicationContext context = open(arguments, profiles(), defaultProperties())) {
            return run(context);
        }
    }

    /** Runs the command with the application's beans; returns the exit code. */
    protected abstract int run(ConfigurableApplicationContext context) throws Exception;

    /** The profiles the command's application runs with: {@value #PROFILE}, and any the command adds. */
    protected String[] profiles() {
        return new String[]{PROFILE};
    }

    /** Properties the command's application takes unless the arguments, environment or configuration set them. */
    protected Map<String, Object> defaultProperties() {
        return Map.of("logging.level.root", "WARN", "spring.main.banner-mode", "off");
    }

    /** Where the command prints. */
    protected java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static ConfigurableApplicationContext open(List<String> arguments, String[] profiles,
                                                       Map<String, Object> defaults) {
        return new SpringApplicationBuilder(RunstoreApplication.class)
                .web(WebApplicationType.NONE)
                .profiles(profiles)
                .properties(defaults)
                .logStartupInfo(false)
                .run(arguments.toArray(String[]::new));
    }
}
