package io.runstore.command.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.runstore.api.task.Task;
import io.runstore.events.task.ChildTask;
import io.runstore.events.task.TaskPod;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

/**
 * The task resources this process answered last, one per task, each with the run's sequence number it answered at:
 * a task write's answer (PATCH, batchUpdate) starts from the task as it is, which the Run aggregate does not keep
 * ({@link TaskFacts}), and reading it back from the task's events is a statement and a deserialization per write
 * ({@link TaskAnswers}). An answer is remembered only once its command committed (this interceptor, after commit):
 * the run's events up to that number are then in the log for good (a run's sequence numbers are unique there), so
 * the answer is the fold of the task's events up to it, and still the task as it is while the task's latest event is
 * no later. A task that another server wrote since, or that left the map, is read back from its events.
 * <p>
 * Bounded by weight, about {@code runstore.aggregate-cache.recent-tasks-max-bytes} of heap, each answer weighed by
 * three times the length of its JSON, counted from its fields ({@link #jsonLength}).
 */
public final class RecentTasks implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** Its place among the command handler interceptors: innermost, after the stale-run guard. */
    public static final int ORDER = 3;

    /** Heap an answer takes besides its JSON's characters: the map's entry, the key, the record. */
    private static final int OVERHEAD = 256;
    /** A JSON field's name (KFP's snake_case names, 4-16 characters), its quotes, colon and comma. */
    private static final int FIELD = 12;
    /** An RFC 3339 instant (whole seconds to microseconds) with its quotes. */
    private static final int INSTANT = 26;
    /** A number, true, false or null. */
    private static final int NUMBER = 8;

    private final ConcurrentMap<Key, Answer> answers;

    public RecentTasks(long maxBytes) {
        this.answers = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .<Key, Answer>weigher((key, answer) -> answer.weight())
                .executor(Runnable::run)
                .build().asMap();
    }

    /** Remembers the tasks the command answered with once its unit of work (events, command-log row) committed. */
    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        unitOfWork.afterCommit(committed -> remember(result));
        return result;
    }

    /** The task as its events up to {@code lastEvent} (its latest event) left it, if this process answered it since. */
    Optional<Task> asOf(String runId, String taskId, long lastEvent) {
        Answer answer = answers.get(new Key(runId, taskId));
        return answer != null && answer.sequence() >= lastEvent ? Optional.of(answer.task()) : Optional.empty();
    }

    /** Remembers the tasks a committed command answered with; other results are ignored. */
    void remember(Object result) {
        if (result instanceof TaskWritten written) {
            remember(written.runId(), written.sequence(), written.taskId(), written.task());
        } else if (result instanceof TasksWritten written) {
            for (Map.Entry<String, Task> task : written.tasks().entrySet()) {
                remember(written.runId(), written.sequence(), task.getKey(), task.getValue());
            }
        }
    }

    private void remember(String runId, long sequence, String taskId, Task task) {
        answers.merge(new Key(runId, taskId), new Answer(sequence, task, weigh(task)),
                (known, newer) -> known.sequence() > newer.sequence() ? known : newer);
    }

    /** The weight of the answers remembered now, about their bytes of heap. */
    long weight() {
        return answers.values().stream().mapToLong(Answer::weight).sum();
    }

    private static int weigh(Task task) {
        return (int) Math.min(Integer.MAX_VALUE, OVERHEAD + 3 * jsonLength(task));
    }

    /**
     * About the length of the task's JSON, counted from its fields instead of writing it: writing it took as much as
     * the answer's own JSON on every task write (docs/benchmarks/ingest.md). Each field counts its value and
     * {@link #FIELD} for its name and punctuation; escapes are not counted.
     */
    static long jsonLength(Task task) {
        long length = 2 + text(task.name()) + text(task.displayName()) + text(task.taskId()) + text(task.runId())
                + text(task.cacheFingerprint()) + instant(task.createTime()) + instant(task.endTime())
                + named(task.state()) + named(task.type()) + text(task.parentTaskId()) + text(task.scopePath())
                + json(task.inputs()) + json(task.outputs());
        if (task.pods() != null) {
            length += FIELD;
            for (TaskPod pod : task.pods()) {
                length += 2 + text(pod.name()) + text(pod.uid()) + named(pod.type());
            }
        }
        if (task.stateHistory() != null) {
            length += FIELD;
            for (Task.TaskStatus status : task.stateHistory()) {
                length += 2 + instant(status.updateTime()) + named(status.state());
            }
        }
        if (task.childTasks() != null) {
            length += FIELD;
            for (ChildTask child : task.childTasks()) {
                length += 2 + text(child.taskId()) + text(child.name());
            }
        }
        if (task.statusMetadata() != null) {
            length += FIELD + 2 + text(task.statusMetadata().message()) + json(task.statusMetadata().customProperties());
        }
        if (task.typeAttributes() != null) {
            length += FIELD + 3 * (FIELD + NUMBER);
        }
        return length;
    }

    private static long text(String value) {
        return value == null ? 0 : FIELD + 2 + value.length();
    }

    private static long named(Enum<?> value) {
        return value == null ? 0 : FIELD + 2 + value.name().length();
    }

    private static long instant(Instant value) {
        return value == null ? 0 : FIELD + INSTANT;
    }

    /** A field holding this JSON value: its text's length, counted by walking the tree. */
    private static long json(JsonNode value) {
        return value == null ? 0 : FIELD + jsonValue(value);
    }

    private static long jsonValue(JsonNode value) {
        if (value.isTextual()) {
            return 2 + value.textValue().length();
        }
        if (value.isObject()) {
            long length = 2;
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                length += 4 + field.getKey().length() + jsonValue(field.getValue());
            }
            return length;
        }
        if (value.isArray()) {
            long length = 2;
            for (JsonNode element : value) {
                length += 1 + jsonValue(element);
            }
            return length;
        }
        return NUMBER;
    }

    private record Key(String runId, String taskId) {
    }

    private record Answer(long sequence, Task task, int weight) {
    }
}
