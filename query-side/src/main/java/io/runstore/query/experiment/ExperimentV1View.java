package io.runstore.query.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/**
 * KFP's v1beta1 Experiment, as its API server converts an experiment (toApiExperimentV1): the display name as name,
 * the namespace as an OWNER reference, STORAGESTATE_ storage states.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ExperimentV1View(String id, String name, String description, Instant createdAt,
                               List<ResourceReference> resourceReferences, String storageState) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ResourceReference(Key key, String relationship) {
    }

    public record Key(String type, String id) {
    }

    static ExperimentV1View of(ExperimentView experiment) {
        List<ResourceReference> references = experiment.namespace() == null || experiment.namespace().isEmpty()
                ? List.of() : List.of(new ResourceReference(new Key("NAMESPACE", experiment.namespace()), "OWNER"));
        return new ExperimentV1View(experiment.experimentId(), experiment.displayName(), experiment.description(),
                experiment.createdAt(), references, "STORAGESTATE_" + experiment.storageState());
    }
}
