package io.runstore.query.run;

import io.runstore.projections.schema.EpochMicros;
import io.runstore.projections.schema.tables.records.RunListRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

import static io.runstore.projections.schema.Tables.RUN_DETAIL;
import static io.runstore.projections.schema.Tables.RUN_LIST;
import static org.jooq.impl.DSL.noCondition;

/** Reads runs from the projected tables; never writes. */
@Component
class RunReader {

    private final DSLContext dsl;

    RunReader(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<RunView> get(String runId) {
        return dsl.select(RUN_LIST.asterisk(), RUN_DETAIL.PIPELINE_SPEC, RUN_DETAIL.RUNTIME_CONFIG)
                .from(RUN_LIST)
                .leftJoin(RUN_DETAIL).on(RUN_DETAIL.RUN_ID.eq(RUN_LIST.RUN_ID))
                .where(RUN_LIST.RUN_ID.eq(runId))
                .fetchOptional(row -> toView(row.into(RUN_LIST), row.get(RUN_DETAIL.PIPELINE_SPEC),
                        row.get(RUN_DETAIL.RUNTIME_CONFIG)));
    }

    /** One page in (created_at, run_id) order after the keyset position {@code after}, if any. */
    List<RunView> page(Condition scope, PageToken after, int size) {
        Condition seek = after == null ? noCondition()
                : RUN_LIST.CREATED_AT.gt(after.createdAt())
                .or(RUN_LIST.CREATED_AT.eq(after.createdAt()).and(RUN_LIST.RUN_ID.gt(after.runId())));
        return dsl.selectFrom(RUN_LIST)
                .where(scope).and(seek)
                .orderBy(RUN_LIST.CREATED_AT, RUN_LIST.RUN_ID)
                .limit(size)
                .fetch(row -> toView(row, null, null));
    }

    int count(Condition scope) {
        return dsl.fetchCount(RUN_LIST, scope);
    }

    private static RunView toView(Record source, String pipelineSpec, String runtimeConfig) {
        RunListRecord row = source.into(RUN_LIST);
        RunView.PipelineVersionReferenceView reference = row.getPipelineId().isEmpty()
                && row.getPipelineVersionId().isEmpty() ? null
                : new RunView.PipelineVersionReferenceView(row.getPipelineId(), row.getPipelineVersionId());
        return new RunView(row.getExperimentId(), row.getRunId(), row.getDisplayName(), row.getStorageState(),
                row.getDescription(), reference, pipelineSpec, runtimeConfig, row.getServiceAccount(),
                EpochMicros.toInstant(row.getCreatedAt()), EpochMicros.toInstant(row.getScheduledAt()),
                EpochMicros.toInstant(row.getFinishedAt()), row.getState(), row.getError(), row.getRecurringRunId(),
                row.getStateHistory(), row.getTaskCount());
    }

    /** Where the previous page ended. */
    record PageToken(long createdAt, String runId) {
    }
}
