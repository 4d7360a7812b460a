package io.runstore.command.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.runstore.api.task.Task;
import io.runstore.events.EventJson;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * three times the length of its JSON.
 */
public final class RecentTasks implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** Its place among the command handler interceptors: innermost, after the stale-run guard. */
    public static final int ORDER = 3;

    private static final ObjectMapper JSON = EventJson.newObjectMapper();
    /** Heap an answer takes besides its JSON's characters: the map's entry, the key, the record. */
    private static final int OVERHEAD = 256;

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
        Counting counting = new Counting();
        try {
            JSON.writeValue(counting, task);
        } catch (IOException e) {
            throw new UncheckedIOException("a task answer could not be written as JSON", e);
        }
        return (int) Math.min(Integer.MAX_VALUE, OVERHEAD + 3 * counting.bytes);
    }

    private record Key(String runId, String taskId) {
    }

    private record Answer(long sequence, Task task, int weight) {
    }

    /** Counts what is written to it and keeps nothing. */
    private static final class Counting extends OutputStream {

        private long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
