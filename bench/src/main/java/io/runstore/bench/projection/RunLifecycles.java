package io.runstore.bench.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runstore.events.metric.MetricFormat;
import io.runstore.events.metric.MetricsReported;
import io.runstore.events.metric.RunMetric;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RunStateReported;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.task.TaskCreated;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskType;
import io.runstore.events.task.TaskUpdated;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An endless stream of run lifecycles, {@value #EVENTS_PER_RUN} events each, {@code concurrentRuns} runs in flight
 * and their events interleaved: created, RUNNING, three tasks created, three tasks SUCCEEDED, two metrics, SUCCEEDED.
 * Runs are named {@code <prefix>-<n>}, so several generators never share a run.
 */
final class RunLifecycles {

    static final int EVENTS_PER_RUN = 10;
    private static final JsonNode PIPELINE_SPEC = pipelineSpec();

    private final String prefix;
    private final int concurrentRuns;
    private final Deque<Run> inFlight = new ArrayDeque<>();
    private int started;

    RunLifecycles(String prefix, int concurrentRuns) {
        this.prefix = prefix;
        this.concurrentRuns = concurrentRuns;
    }

    /** The next {@code count} events. */
    List<DomainEventMessage<?>> next(int count) {
        List<DomainEventMessage<?>> events = new ArrayList<>(count);
        while (events.size() < count) {
            while (inFlight.size() < concurrentRuns) {
                inFlight.addLast(new Run(prefix + "-" + started++));
            }
            Run run = inFlight.pollFirst();
            events.add(run.next());
            if (run.sequence < EVENTS_PER_RUN) {
                inFlight.addLast(run);
            }
        }
        return events;
    }

    int startedRuns() {
        return started;
    }

    private static final class Run {
        final String runId;
        int sequence;

        Run(String runId) {
            this.runId = runId;
        }

        DomainEventMessage<?> next() {
            long seq = sequence++;
            Instant now = Instant.now();
            Object payload = switch ((int) seq) {
                case 0 -> new RunCreated(runId, "team-" + Math.floorMod(runId.hashCode(), 10),
                        "exp-" + Math.floorMod(runId.hashCode(), 100), "train " + runId, "benchmark run",
                        new PipelineVersionReference("p-1", "v-1"), PIPELINE_SPEC, null, "runner", "", null, now, now);
                case 1 -> new RunStateReported(runId, RuntimeState.RUNNING, null, now);
                case 2, 3, 4 -> new TaskCreated(runId, "task-" + seq, task(seq, TaskState.RUNNING, now), now);
                case 5, 6, 7 -> new TaskUpdated(runId, "task-" + (seq - 3), new TaskDetails(null, null, null, null,
                        null, TaskState.SUCCEEDED, null, null, null, now, null, null, null, null, null), now);
                case 8 -> new MetricsReported(runId, List.of(new RunMetric("train", "accuracy", 0.9, MetricFormat.RAW),
                        new RunMetric("train", "loss", 0.1, MetricFormat.RAW)), now);
                default -> new RunStateReported(runId, RuntimeState.SUCCEEDED, null, now);
            };
            return new GenericDomainEventMessage<>("Run", runId, seq, payload);
        }

        private static TaskDetails task(long seq, TaskState state, Instant now) {
            return new TaskDetails("step-" + seq, "Step " + seq, "", TaskType.RUNTIME, null, state, null,
                    "fingerprint-" + seq, now, null, null, null, null, null, List.of("root", "step-" + seq));
        }
    }

    private static JsonNode pipelineSpec() {
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        spec.put("pipelineInfo", "benchmark");
        ObjectNode tasks = spec.putObject("root").putObject("dag").putObject("tasks");
        for (int i = 0; i < 10; i++) {
            tasks.putObject("step-" + i).put("image", "python:3.11").put("command", "python train.py --step " + i);
        }
        return spec;
    }
}
