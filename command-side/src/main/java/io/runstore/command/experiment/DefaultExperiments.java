package io.runstore.command.experiment;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A namespace's Default experiment, where KFP puts runs created without one: its id follows from the namespace. */
public final class DefaultExperiments {

    public static final String DISPLAY_NAME = "Default";

    private DefaultExperiments() {
    }

    public static String idOf(String namespace) {
        return UUID.nameUUIDFromBytes(("runstore default experiment/" + namespace).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    public static CreateExperiment create(String namespace, java.time.Instant at) {
        return new CreateExperiment(idOf(namespace), namespace, DISPLAY_NAME,
                "All runs created without specifying an experiment are grouped here.", true, at);
    }
}
