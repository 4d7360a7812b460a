package io.runstore.projections.processing;

import io.runstore.events.run.RuntimeState;
import io.runstore.events.task.TaskState;
import io.runstore.projections.fold.ProjectedEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random but valid event stream over many runs, as the Run aggregate would allow it (no state change after the
 * end except retry, tasks only of unfinished runs, nothing after delete), the runs' events interleaved.
 */
public final class RandomWorkload {

    private static final RuntimeState[] REPORTED = {RuntimeState.RUNNING, RuntimeState.RUNNING, RuntimeState.SUCCEEDED,
            RuntimeState.FAILED, RuntimeState.CANCELED, RuntimeState.PAUSED};
    private static final String[] METRICS = {"accuracy", "loss", "f1", "auc"};

    private RandomWorkload() {
    }

    public static List<ProjectedEvent> generate(Random random, int runs, int maxEventsPerRun) {
        RunEvents.Log log = new RunEvents.Log();
        List<List<ProjectedEvent>> perRun = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            perRun.add(oneRun(random, new RunEvents("run-" + i, log), maxEventsPerRun));
        }
        List<ProjectedEvent> merged = new ArrayList<>();
        int[] next = new int[runs];
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            open.add(i);
        }
        while (!open.isEmpty()) {
            int pick = random.nextInt(open.size());
            int run = open.get(pick);
            merged.add(perRun.get(run).get(next[run]++));
            if (next[run] == perRun.get(run).size()) {
                open.remove(pick);
            }
        }
        return merged;
    }

    private static List<ProjectedEvent> oneRun(Random random, RunEvents run, int maxEvents) {
        List<ProjectedEvent> events = new ArrayList<>();
        events.add(run.created("ns-" + random.nextInt(3), "exp-" + random.nextInt(5), "run " + random.nextInt(100)));
        RuntimeState state = RuntimeState.PENDING;
        boolean archived = false;
        Map<String, TaskState> tasks = new LinkedHashMap<>();
        int length = 1 + random.nextInt(maxEvents);
        while (events.size() < length) {
            int action = random.nextInt(20);
            if (action == 0 && random.nextInt(5) == 0) {
                events.add(run.deleted());
                break;
            } else if (action < 4) {
                events.add(archived ? run.unarchived() : run.archived());
                archived = !archived;
            } else if (action < 8 && !state.isTerminal()) {
                RuntimeState next = REPORTED[random.nextInt(REPORTED.length)];
                if (state == RuntimeState.CANCELING && !next.isTerminal()) {
                    next = RuntimeState.CANCELED;
                }
                if (next == state) {
                    continue;
                }
                events.add(next == RuntimeState.FAILED ? run.failed("failure " + random.nextInt(3)) : run.state(next));
                state = next;
            } else if (action == 8 && !state.isTerminal() && state != RuntimeState.CANCELING) {
                events.add(run.terminated());
                state = RuntimeState.CANCELING;
            } else if (action == 9 && (state == RuntimeState.FAILED || state == RuntimeState.CANCELED) && !archived) {
                events.add(run.retried());
                state = RuntimeState.PENDING;
            } else if (action < 13 && !state.isTerminal()) {
                String taskId = "t" + tasks.size();
                events.add(run.taskCreated(taskId, TaskState.RUNNING, "fp-" + random.nextInt(10)));
                tasks.put(taskId, TaskState.RUNNING);
            } else if (action < 17 && !state.isTerminal() && !tasks.isEmpty()) {
                String taskId = "t" + random.nextInt(tasks.size());
                TaskState next = random.nextBoolean() ? TaskState.SUCCEEDED : TaskState.FAILED;
                if (tasks.get(taskId) == next) {
                    continue;
                }
                events.add(run.taskState(taskId, next));
                tasks.put(taskId, next);
            } else if (action >= 17) {
                String name = METRICS[random.nextInt(METRICS.length)];
                events.add(run.metrics(RunEvents.metric("node-" + random.nextInt(2), name, random.nextDouble())));
            }
        }
        return events;
    }
}
