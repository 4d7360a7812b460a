package io.runstore.security;

import java.util.Optional;

/**
 * The namespace a run or an experiment was created in, from its own first event (never from the request): what a
 * command on an existing run is authorized against. Empty for an id the event log does not have.
 */
@FunctionalInterface
public interface RunNamespaces {

    Optional<String> of(String runOrExperimentId);
}
