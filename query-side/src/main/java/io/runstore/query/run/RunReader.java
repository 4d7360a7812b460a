package io.runstore.query.run;

import org.jooq.DSLContext;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_DETAIL;
import static io.runstore.readtables.schema.Tables.RUN_LIST;

/** GetRun, and the namespaces runs and experiments belong to (for authorization). Never writes. */
public final class RunReader {

    private final DSLContext dsl;

    public RunReader(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A run and the namespace it belongs to. */
    public record NamespacedRun(String namespace, RunView run) {
    }

    public Optional<NamespacedRun> get(String runId, RunViewMode view) {
        return dsl.select(RUN_LIST.fields()).select(RUN_DETAIL.PIPELINE_SPEC, RUN_DETAIL.RUNTIME_CONFIG)
                .from(RUN_LIST)
                .leftJoin(RUN_DETAIL).on(RUN_DETAIL.RUN_ID.eq(RUN_LIST.RUN_ID))
                .where(RUN_LIST.RUN_ID.eq(runId))
                .fetchOptional(row -> {
                    RunView run = RunRows.view(row.into(RUN_LIST), row.get(RUN_DETAIL.PIPELINE_SPEC),
                            row.get(RUN_DETAIL.RUNTIME_CONFIG));
                    if (view == RunViewMode.FULL) {
                        run = RunRows.withTasks(dsl, List.of(run)).get(0);
                    }
                    return new NamespacedRun(row.get(RUN_LIST.NAMESPACE), run);
                });
    }

    /** A run and its namespace as KFP's v1beta1 GetRun answers it. */
    public record NamespacedRunV1(String namespace, RunDetailV1View run) {
    }

    public Optional<NamespacedRunV1> getV1(String runId) {
        return dsl.select(RUN_LIST.fields()).select(RUN_DETAIL.PIPELINE_SPEC, RUN_DETAIL.RUNTIME_CONFIG)
                .from(RUN_LIST)
                .leftJoin(RUN_DETAIL).on(RUN_DETAIL.RUN_ID.eq(RUN_LIST.RUN_ID))
                .where(RUN_LIST.RUN_ID.eq(runId))
                .fetchOptional(row -> new NamespacedRunV1(row.get(RUN_LIST.NAMESPACE), RunDetailV1View.of(
                        row.into(RUN_LIST), row.get(RUN_DETAIL.PIPELINE_SPEC), row.get(RUN_DETAIL.RUNTIME_CONFIG))));
    }

    public Optional<String> namespaceOfRun(String runId) {
        return dsl.select(RUN_LIST.NAMESPACE).from(RUN_LIST).where(RUN_LIST.RUN_ID.eq(runId)).fetchOptional(RUN_LIST.NAMESPACE);
    }

    /** The namespaces an experiment has runs in (from the counters: a handful of rows); empty while it has none. */
    public Set<String> namespacesOfExperiment(String experimentId) {
        return dsl.selectDistinct(RUN_COUNTS.NAMESPACE).from(RUN_COUNTS)
                .where(RUN_COUNTS.EXPERIMENT_ID.eq(experimentId)).and(RUN_COUNTS.RUN_COUNT.gt(0L))
                .fetchSet(RUN_COUNTS.NAMESPACE);
    }
}
