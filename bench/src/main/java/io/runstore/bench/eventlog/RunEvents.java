package io.runstore.bench.eventlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.events.metric.MetricsReported;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RunArchived;
import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RunStateReported;
import io.runstore.events.run.StorageState;
import io.runstore.events.task.TaskCreated;
import io.runstore.testsupport.runs.GeneratedRun;
import io.runstore.testsupport.runs.GeneratedTask;
import io.runstore.testsupport.runs.ManifestText;
import io.runstore.testsupport.runs.StateChange;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The events an executor's reports would have left for a generated run, in the order it would have reported them:
 * RunCreated, RUNNING, its tasks, the later states, the metrics, and the archive. Each event carries the time it
 * happened as its timestamp. These are the events the read-model rows of {@code ReadModelRows} stand for, one to one.
 */
public final class RunEvents {

    /** The aggregate type the command side's Run aggregate stores its events under. */
    public static final String AGGREGATE_TYPE = "Run";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunEvents() {
    }

    public static List<DomainEventMessage<?>> of(GeneratedRun run) {
        List<Object> payloads = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        PipelineVersionReference reference = new PipelineVersionReference(run.pipeline().pipelineId(),
                run.pipeline().pipelineVersionId());
        add(payloads, times, run.createdAt(), new RunCreated(run.runId(), run.namespace(), run.experimentId(),
                run.displayName(), run.description(), reference, pipelineSpec(run), run.runtimeConfig(),
                run.serviceAccount(), "", null, run.createdAt(), run.scheduledAt()));
        List<StateChange> later = run.stateHistory().subList(1, run.stateHistory().size());
        int reported = 0;
        if (!later.isEmpty()) {
            reportState(payloads, times, run, later.get(reported++));
        }
        for (GeneratedTask task : run.tasks()) {
            add(payloads, times, task.details().createTime(),
                    new TaskCreated(run.runId(), task.taskId(), task.details(), task.details().createTime()));
        }
        while (reported < later.size()) {
            reportState(payloads, times, run, later.get(reported++));
        }
        Instant last = times.get(times.size() - 1);
        if (!run.metrics().isEmpty()) {
            add(payloads, times, last, new MetricsReported(run.runId(), run.metrics(), last));
        }
        if (run.storageState() == StorageState.ARCHIVED) {
            add(payloads, times, last.plusSeconds(60), new RunArchived(run.runId(), last.plusSeconds(60)));
        }
        List<DomainEventMessage<?>> events = new ArrayList<>(payloads.size());
        for (int sequence = 0; sequence < payloads.size(); sequence++) {
            events.add(new GenericDomainEventMessage<>(AGGREGATE_TYPE, run.runId(), sequence, payloads.get(sequence),
                    MetaData.emptyInstance(), UUID.nameUUIDFromBytes(
                    (run.runId() + "/" + sequence).getBytes(StandardCharsets.UTF_8)).toString(),
                    times.get(sequence)));
        }
        return events;
    }

    private static JsonNode pipelineSpec(GeneratedRun run) {
        try {
            return JSON.readTree(ManifestText.pipelineSpec(run));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The generated pipeline spec is not JSON", e);
        }
    }

    private static void reportState(List<Object> payloads, List<Instant> times, GeneratedRun run, StateChange change) {
        add(payloads, times, change.updateTime(),
                new RunStateReported(run.runId(), change.state(), change.error(), change.updateTime()));
    }

    private static void add(List<Object> payloads, List<Instant> times, Instant time, Object payload) {
        payloads.add(payload);
        times.add(time);
    }
}
