package io.runstore.command.config;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loading a run must not get slower as its history grows: the Run aggregate is kept in a cache
 * ({@code runstore.aggregate-cache.size} runs, default 10,000) and snapshotted every
 * {@code runstore.snapshot.threshold} events (default 100), so a load reads at most that many events.
 */
@Configuration(proxyBeanMethods = false)
class RunAggregateConfig {

    @Bean
    Cache runCache(@Value("${runstore.aggregate-cache.size:10000}") long size) {
        return new AggregateCache(size);
    }

    @Bean
    SnapshotTriggerDefinition runSnapshotTrigger(Snapshotter snapshotter,
                                                 @Value("${runstore.snapshot.threshold:100}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }
}
