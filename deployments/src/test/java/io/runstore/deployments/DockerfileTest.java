package io.runstore.deployments;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

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
}
