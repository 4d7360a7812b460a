package io.runstore.server.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The picture of the modules' insides in docs/architecture.md is drawn from the code: this test derives the package
 * graph from the classes and fails when the picture differs, printing the command that redraws it.
 */
class ArchitectureDiagramTest {

    static final Path DOCUMENT = Path.of("..", "docs", "architecture.md");
    static final String BEGIN = "<!-- package graph: drawn by ArchitectureDiagramTest from the classes -->";
    static final String END = "<!-- end of package graph -->";
    private static final String REDRAW = "mvn -B -pl server -am verify -Dtest=ArchitectureDiagramTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Darchitecture.redraw=true";

    @Test
    void thePictureInTheArchitectureNotesIsTheCodes() throws IOException {
        String drawn = BEGIN + "\n```mermaid\n" + PackageGraph.of(RunstoreClasses.all()).mermaid() + "```\n" + END;
        String document = Files.readString(DOCUMENT);
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        assertThat(begin).as(DOCUMENT + " holds the package graph between its markers").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String current = document.substring(begin, end + END.length());
        if (!current.equals(drawn) && Boolean.getBoolean("architecture.redraw")) {
            Files.writeString(DOCUMENT, document.substring(0, begin) + drawn + document.substring(end + END.length()));
            return;
        }
        assertThat(current).as("the package graph in " + DOCUMENT + " is not the code's any more; redraw it with\n  "
                + REDRAW + "\n").isEqualTo(drawn);
    }
}
