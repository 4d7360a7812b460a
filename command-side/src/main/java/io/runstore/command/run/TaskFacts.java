package io.runstore.command.run;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskState;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the Run aggregate keeps of one task: what its rules read (state, parent), a {@link TaskDigest} of every other
 * field, and the sequence numbers of the task's events, from which the task resource is rebuilt when an answer needs
 * it ({@link TaskAnswers}). Part of the aggregate's snapshot.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class TaskFacts {

    /** About the bytes of heap one task's facts take besides its id and event numbers (the unit test's figure). */
    static final int WEIGHT = 200;

    private TaskState state;
    private String parentTaskId;
    private long[] digests;
    private long[] events;

    TaskFacts() {
        // for the snapshot
    }

    static TaskFacts created(TaskDetails task, long sequence) {
        TaskFacts facts = new TaskFacts();
        facts.state = task.state();
        facts.parentTaskId = task.parentTaskId();
        facts.digests = TaskDigest.of(task);
        facts.events = new long[]{sequence};
        return facts;
    }

    TaskState state() {
        return state;
    }

    String parentTaskId() {
        return parentTaskId;
    }

    /** The task's events so far, in order. */
    long[] events() {
        return events.clone();
    }

    /** Whether applying {@code changes} would change anything (the same as {@code Task.updated} differing). */
    boolean wouldChange(TaskDetails changes) {
        if (changes.state() != null && changes.state() != state) {
            return true;
        }
        if (changes.parentTaskId() != null && !changes.parentTaskId().equals(parentTaskId)) {
            return true;
        }
        for (TaskDigest.Field field : TaskDigest.Field.values()) {
            Object value = field.of(changes);
            if (value != null && TaskDigest.of(value) != digests[field.ordinal()]) {
                return true;
            }
        }
        return false;
    }

    void updated(TaskDetails changes, long sequence) {
        if (changes.state() != null) {
            state = changes.state();
        }
        if (changes.parentTaskId() != null) {
            parentTaskId = changes.parentTaskId();
        }
        for (TaskDigest.Field field : TaskDigest.Field.values()) {
            Object value = field.of(changes);
            if (value != null) {
                digests[field.ordinal()] = TaskDigest.of(value);
            }
        }
        events = Arrays.copyOf(events, events.length + 1);
        events[events.length - 1] = sequence;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TaskFacts facts && state == facts.state
                && Objects.equals(parentTaskId, facts.parentTaskId) && Arrays.equals(digests, facts.digests)
                && Arrays.equals(events, facts.events);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, parentTaskId, Arrays.hashCode(digests), Arrays.hashCode(events));
    }

    /** About the bytes of heap these facts take. */
    long weight() {
        return WEIGHT + 8L * events.length + (parentTaskId == null ? 0 : 40 + parentTaskId.length());
    }
}
