package io.runstore.bench.append;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Writers sending create commands (one command = one event) as fast as they can, or together at a target rate.
 * Counts the commands that succeeded; the first failure is kept for the report.
 */
final class CommandLoad implements AutoCloseable {

    /** A KFP-like pipeline spec of about 2 KB, the same in every event of every run. */
    static final JsonNode PIPELINE_SPEC = pipelineSpec();

    private final List<Thread> writers = new ArrayList<>();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong tickets = new AtomicLong();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private volatile boolean stopped;

    /** {@code writerCount} threads; {@code eventsPerSecond} 0 means as fast as they can. */
    CommandLoad(CommandGateway commands, int writerCount, int eventsPerSecond) {
        long start = System.nanoTime();
        for (int i = 0; i < writerCount; i++) {
            Thread writer = new Thread(() -> {
                while (!stopped) {
                    if (eventsPerSecond > 0) {
                        long due = start + tickets.getAndIncrement() * TimeUnit.SECONDS.toNanos(1) / eventsPerSecond;
                        LockSupport.parkNanos(due - System.nanoTime());
                    }
                    try {
                        String runId = UUID.randomUUID().toString();
                        commands.sendAndWait(new BenchRun.CreateBenchRun(runId, "run " + runId, PIPELINE_SPEC));
                        succeeded.incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                }
            }, "bench-writer-" + i);
            writers.add(writer);
            writer.start();
        }
    }

    long succeeded() {
        return succeeded.get();
    }

    long failed() {
        return failed.get();
    }

    Throwable firstFailure() {
        return firstFailure.get();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread writer : writers) {
            writer.join();
        }
    }

    private static JsonNode pipelineSpec() {
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        spec.putObject("pipelineInfo").put("name", "bench-pipeline").put("description", "benchmark payload");
        ObjectNode components = spec.putObject("components");
        for (int i = 0; i < 12; i++) {
            ObjectNode component = components.putObject("comp-step-" + i);
            component.putObject("executorLabel").put("value", "exec-step-" + i);
            ObjectNode parameters = component.putObject("inputDefinitions").putObject("parameters");
            parameters.putObject("learning_rate").put("parameterType", "NUMBER_DOUBLE");
            parameters.putObject("dataset_uri").put("parameterType", "STRING");
        }
        spec.put("schemaVersion", "2.1.0").put("sdkVersion", "kfp-2.7.0");
        return spec;
    }
}
