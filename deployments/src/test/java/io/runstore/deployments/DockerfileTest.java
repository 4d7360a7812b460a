package io.runstore.deployments;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The server image runs as a numeric non-root user (no engine here to build it: this reads the Dockerfile). */
class DockerfileTest {

    @Test
    void theImageRunsTheJarAsANumericNonRootUser() throws IOException {
        List<String> lines = Files.readAllLines(Tools.repositoryRoot().resolve("Dockerfile"));
        int finalStage = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("FROM ")) {
                finalStage = i;
            }
        }
        List<String> users = lines.subList(finalStage, lines.size()).stream()
                .filter(line -> line.startsWith("USER ")).toList();

        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).substring("USER ".length()).trim().split(":")[0];
        assertThat(user).matches("[0-9]+").isNotEqualTo("0");
        assertThat(String.join("\n", lines.subList(finalStage, lines.size())))
                .contains("runstore-server.jar").contains("ENTRYPOINT");
    }

    @Test
    void theEntrypointReadsTheClassDataArchiveThatTheImagesTrainingRunWrote() throws IOException {
        String dockerfile = Files.readString(Tools.repositoryRoot().resolve("Dockerfile"));
        String finalStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));

        Matcher written = Pattern.compile("-XX:ArchiveClassesAtExit=(\\S+)").matcher(finalStage);
        assertThat(written.find()).as("a training run writes the archive in the final stage").isTrue();
        Matcher read = Pattern.compile("\"-XX:SharedArchiveFile=([^\"]+)\"").matcher(finalStage);
        assertThat(read.find()).as("the entrypoint reads an archive").isTrue();
        assertThat(read.group(1)).isEqualTo(written.group(1));
        // The archive holds the class path it was made with: training and entrypoint run the same jar.
        assertThat(finalStage.substring(written.start())).contains("-jar /app/runstore-server.jar");
        assertThat(finalStage.indexOf("USER 10001")).as("trained as the user that runs it")
                .isBetween(0, written.start());
    }
}
