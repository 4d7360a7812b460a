package io.runstore.server;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.DefaultBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only a process with the command role, the one that appends, has its event sequencer look for events nobody numbered
 * (runstore.event-store.sequencer-polls, as the jar's application*.yaml set it): on PostgreSQL each look walks the
 * index entries of every event numbered since the last VACUUM, tens of milliseconds after a bulk load, and a query
 * server paid it every 100 ms (issue 20). Whatever order the roles are listed in.
 */
class SequencerPollsByRoleTest {

    @ParameterizedTest
    @CsvSource({
            "command, true",
            "'command,projector,query', true",
            "'query,projector,command', true",
            "query, false",
            "projector, false",
            "publisher, false",
            "'projector,query', false",
            "cli, false"})
    void onlyTheCommandRoleLooksForUnnumberedEvents(String roles, boolean polls) {
        StandardEnvironment environment = new StandardEnvironment();
        ConfigDataEnvironmentPostProcessor.applyTo(environment, new DefaultResourceLoader(),
                new DefaultBootstrapContext(), roles.split(","));

        assertThat(environment.getProperty("runstore.event-store.sequencer-polls", Boolean.class))
                .as("sequencer-polls with roles " + roles).isEqualTo(polls);
    }
}
