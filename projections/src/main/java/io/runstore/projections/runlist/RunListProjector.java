package io.runstore.projections.runlist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.run.StorageState;
import io.runstore.projections.schema.EpochMicros;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

import static io.runstore.projections.schema.Tables.RUN_DETAIL;
import static io.runstore.projections.schema.Tables.RUN_LIST;

/**
 * Writes each created run into {@code run_list} (the narrow row ListRuns reads) and {@code run_detail} (the heavy
 * fields GetRun reads). Runs in the {@value #PROCESSING_GROUP} processing group, inside the processor's transaction,
 * so a row and the processor's position commit together. Errors propagate: the processor retries the batch.
 */
@Component
@Profile("projector")
@ProcessingGroup(RunListProjector.PROCESSING_GROUP)
public class RunListProjector {

    public static final String PROCESSING_GROUP = "run-list";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final DSLContext dsl;

    RunListProjector(DSLContext dsl) {
        this.dsl = dsl;
    }

    @EventHandler
    void on(RunCreated event, @SequenceNumber long sequence) {
        String pipelineId = event.pipelineVersionReference() == null ? "" : orEmpty(event.pipelineVersionReference().pipelineId());
        String versionId = event.pipelineVersionReference() == null ? "" : orEmpty(event.pipelineVersionReference().pipelineVersionId());
        dsl.insertInto(RUN_LIST)
                .set(RUN_LIST.RUN_ID, event.runId())
                .set(RUN_LIST.NAMESPACE, orEmpty(event.namespace()))
                .set(RUN_LIST.EXPERIMENT_ID, orEmpty(event.experimentId()))
                .set(RUN_LIST.DISPLAY_NAME, event.displayName())
                .set(RUN_LIST.DESCRIPTION, orEmpty(event.description()))
                .set(RUN_LIST.STATE, RuntimeState.PENDING.name())
                .set(RUN_LIST.STORAGE_STATE, StorageState.AVAILABLE.name())
                .set(RUN_LIST.CREATED_AT, EpochMicros.of(event.createdAt()))
                .set(RUN_LIST.SCHEDULED_AT, EpochMicros.of(event.scheduledAt()))
                .set(RUN_LIST.FINISHED_AT, 0L)
                .set(RUN_LIST.RECURRING_RUN_ID, orEmpty(event.recurringRunId()))
                .set(RUN_LIST.PIPELINE_ID, pipelineId)
                .set(RUN_LIST.PIPELINE_VERSION_ID, versionId)
                .set(RUN_LIST.SERVICE_ACCOUNT, orEmpty(event.serviceAccount()))
                .set(RUN_LIST.TASK_COUNT, 0)
                .set(RUN_LIST.RESOURCE_REFERENCES, json(List.of()))
                .set(RUN_LIST.TASK_SUMMARY, json(Map.of("task_count", 0, "by_state", Map.of())))
                .set(RUN_LIST.METRICS, json(List.of()))
                .set(RUN_LIST.STATE_HISTORY, json(List.of(Map.of(
                        "update_time", event.createdAt(), "state", RuntimeState.PENDING))))
                .set(RUN_LIST.VERSION, sequence)
                .onConflictDoNothing()
                .execute();
        dsl.insertInto(RUN_DETAIL)
                .set(RUN_DETAIL.RUN_ID, event.runId())
                .set(RUN_DETAIL.PIPELINE_SPEC, jsonOrNull(event.pipelineSpec()))
                .set(RUN_DETAIL.RUNTIME_CONFIG, event.runtimeConfig() == null ? null : json(event.runtimeConfig()))
                .set(RUN_DETAIL.PLUGINS_INPUT, jsonOrNull(event.pluginsInput()))
                .set(RUN_DETAIL.VERSION, sequence)
                .onConflictDoNothing()
                .execute();
    }

    private static String jsonOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write read-model JSON", e);
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
