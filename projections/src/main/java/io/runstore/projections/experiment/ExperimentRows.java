package io.runstore.projections.experiment;

import io.runstore.events.experiment.ExperimentArchived;
import io.runstore.events.experiment.ExperimentCreated;
import io.runstore.events.experiment.ExperimentDeleted;
import io.runstore.events.experiment.ExperimentUnarchived;
import io.runstore.readtables.EpochMicros;
import io.runstore.readtables.NameKey;
import org.jooq.DSLContext;

import java.util.Set;

import static io.runstore.readtables.schema.Tables.EXPERIMENT;

/**
 * The {@code experiment} read table, one statement per event (experiments change rarely), in the projector's
 * transaction. Each write is guarded by the row's version, so a repeated or stale event changes nothing.
 */
public final class ExperimentRows {

    public static final Set<Class<?>> EVENTS = Set.of(ExperimentCreated.class, ExperimentArchived.class,
            ExperimentUnarchived.class, ExperimentDeleted.class);

    private ExperimentRows() {
    }

    public static void apply(DSLContext dsl, long sequence, Object event) {
        if (event instanceof ExperimentCreated created) {
            dsl.insertInto(EXPERIMENT)
                    .set(EXPERIMENT.EXPERIMENT_ID, created.experimentId())
                    .set(EXPERIMENT.NAMESPACE, created.namespace())
                    .set(EXPERIMENT.DISPLAY_NAME, created.displayName())
                    .set(EXPERIMENT.DISPLAY_NAME_KEY, NameKey.of(created.displayName()))
                    .set(EXPERIMENT.DESCRIPTION, created.description() == null ? "" : created.description())
                    .set(EXPERIMENT.CREATED_AT, EpochMicros.of(created.createdAt()))
                    .set(EXPERIMENT.STORAGE_STATE, "AVAILABLE")
                    .set(EXPERIMENT.VERSION, sequence)
                    .onDuplicateKeyIgnore()
                    .execute();
        } else if (event instanceof ExperimentArchived archived) {
            storageState(dsl, archived.experimentId(), sequence, "ARCHIVED");
        } else if (event instanceof ExperimentUnarchived unarchived) {
            storageState(dsl, unarchived.experimentId(), sequence, "AVAILABLE");
        } else if (event instanceof ExperimentDeleted deleted) {
            storageState(dsl, deleted.experimentId(), sequence, "DELETED");
        } else {
            throw new IllegalArgumentException("not an experiment event: " + event.getClass());
        }
    }

    private static void storageState(DSLContext dsl, String experimentId, long sequence, String state) {
        dsl.update(EXPERIMENT)
                .set(EXPERIMENT.STORAGE_STATE, state)
                .set(EXPERIMENT.VERSION, sequence)
                .where(EXPERIMENT.EXPERIMENT_ID.eq(experimentId)).and(EXPERIMENT.VERSION.lt(sequence))
                .execute();
    }
}
