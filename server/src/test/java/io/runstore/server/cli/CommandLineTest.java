package io.runstore.server.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's own parsing: help on the root and every subcommand, a clear refusal of what it does not know. */
class CommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void theRootListsItsCommands() {
        assertThat(execute("--help")).isZero();

        assertThat(out.toString()).contains("Usage: runstore").contains("Without a command: runs the server")
                .contains("status");
    }

    @Test
    void everySubcommandHasHelp() {
        for (String name : RunstoreCommand.commandLine(new RunstoreCommand()).getSubcommands().keySet()) {
            out.getBuffer().setLength(0);
            assertThat(execute(name, "--help")).as(name).isZero();
            assertThat(out.toString()).as(name).contains("Usage: runstore " + name);
        }
    }

    @Test
    void anUnknownWordIsRefusedByName() {
        assertThat(execute("stauts")).isEqualTo(2);

        assertThat(err.toString()).contains("Unknown option or command: 'stauts'");
    }

    @Test
    void aSubcommandRefusesAMistypedOptionByName() {
        assertThat(execute("status", "--spring.datasource.url")).isEqualTo(2);

        assertThat(err.toString()).contains("'--spring.datasource.url'");
    }

    private int execute(String... args) {
        CommandLine commandLine = RunstoreCommand.commandLine(new RunstoreCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
