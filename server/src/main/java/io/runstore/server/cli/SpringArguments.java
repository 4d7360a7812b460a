package io.runstore.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The arguments the command line passes to Spring: properties as {@code --name=value}. Anything else is a mistyped
 * option or a stray word, refused with its name instead of being ignored.
 */
final class SpringArguments {

    private static final Pattern PROPERTY = Pattern.compile("--[A-Za-z][A-Za-z0-9_.\\[\\]-]*=.*", Pattern.DOTALL);

    private SpringArguments() {
    }

    static void check(CommandLine command, List<String> arguments) {
        for (String argument : arguments) {
            if (!PROPERTY.matcher(argument).matches()) {
                throw new ParameterException(command,
                        "Unknown option or command: '" + argument + "' (Spring properties are given as --name=value;"
                                + " see --help for the commands)");
            }
        }
    }
}
