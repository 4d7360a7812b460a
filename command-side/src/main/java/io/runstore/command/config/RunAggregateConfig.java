package io.runstore.command.config;

import io.runstore.command.run.AggregateCache;
import io.runstore.command.run.RecentTasks;
import io.runstore.command.run.StaleRunGuard;
import io.runstore.command.run.StoredEvents;
import io.runstore.eventstore.HistoricEvent;
import io.runstore.eventstore.RunHistory;
import io.runstore.eventstore.JooqEventStorageEngine;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Loading a run must not get slower as its history grows: the Run aggregate is kept in a cache
 * ({@code runstore.aggregate-cache.max-bytes} of heap, default 256MB) and snapshotted every
 * {@code runstore.snapshot.threshold} events (default 500), so a load reads at most that many events (a hot run
 * is in the cache and reads none).
 */
@Configuration(proxyBeanMethods = false)
class RunAggregateConfig {

    @Bean
    AggregateCache runCache(CommandSideProperties properties, ObjectProvider<JooqEventStorageEngine> storageEngine) {
        return new AggregateCache(properties.aggregateCache().maxBytes().toBytes(),
                runId -> storageEngine.getObject().lastSequenceNumberFor(runId));
    }

    /**
     * The Run aggregate keeps no task inputs or outputs: a task write's answer starts from the task as this process
     * answered it last ({@code runstore.aggregate-cache.recent-tasks-max-bytes} of heap), else from its events. It is
     * also the innermost command interceptor: it remembers a task answer once the command committed.
     */
    @Bean
    @Order(RecentTasks.ORDER)
    RecentTasks recentTasks(CommandSideProperties properties) {
        return new RecentTasks(properties.aggregateCache().recentTasksMaxBytes().toBytes());
    }

    /** Task answers this process did not give last read the task's events back from the log. */
    @Bean
    StoredEvents storedEvents(ObjectProvider<RunHistory> history) {
        return (runId, sequences) -> history.getObject().at(runId, sequences).stream()
                .collect(Collectors.toMap(HistoricEvent::sequence, HistoricEvent::payload));
    }

    /**
     * With {@code runstore.aggregate-cache.verify} (default true) a command that a cached run answered without writing
     * is checked against the event log, because other servers may write to the run; a deployment with a single
     * command server may turn it off.
     */
    @Bean
    @Order(StaleRunGuard.ORDER)
    MessageHandlerInterceptor<CommandMessage<?>> staleRunGuard(AggregateCache runCache,
                                                               CommandSideProperties properties) {
        if (!properties.aggregateCache().verify()) {
            return (unitOfWork, chain) -> chain.proceed();
        }
        return new StaleRunGuard(runCache);
    }

    /**
     * Snapshots are taken off the request thread: Axon's snapshotter would otherwise run after commit while the
     * command still holds the run's lock, and wait for a second connection that the requests queued behind that
     * lock are holding. A snapshot that finds the queue full is skipped; the next threshold takes it.
     */
    @Bean
    SnapshotTriggerDefinition runSnapshotTrigger(Snapshotter snapshotter, ExecutorService runSnapshotExecutor,
                                                 CommandSideProperties properties) {
        Snapshotter offThread = (type, id) -> runSnapshotExecutor.execute(() -> snapshotter.scheduleSnapshot(type, id));
        return new EventCountSnapshotTriggerDefinition(offThread, properties.snapshot().threshold());
    }

    /** Shut down with the context: snapshots still queued are skipped (the next threshold takes them). */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService runSnapshotExecutor() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1000),
                runnable -> {
                    Thread thread = new Thread(runnable, "run-snapshotter");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.DiscardPolicy());
    }
}
