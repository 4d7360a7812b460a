package io.runstore.command.run;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;

import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Axon's aggregate {@link Cache} on a Caffeine map bounded by weight: recently used runs stay in memory (strongly
 * held, unlike Axon's WeakReferenceCache, which the next young collection empties) up to about
 * {@code runstore.aggregate-cache.max-bytes} of heap, each run weighed by {@link Run#weight()} when Axon puts it
 * after a command. Axon removes an entry whose unit of work rolled back, so the cache never holds an uncommitted
 * change.
 * <p>
 * Another server may have appended to a run since this one cached it. A command that then writes collides with the
 * newer events and is retried on a fresh load; a command that the stale run accepts without writing anything (a task
 * already in the state asked for) would be answered from the past. So the cache remembers, per thread, the version of
 * the run it last handed out; {@link StaleRunGuard} compares it with a result that wrote nothing and, if the event log
 * has moved on meanwhile, the run is dropped ({@link #dropIfStale}) and the command rolled back and sent again.
 * <p>
 * What Axon puts is its {@link AggregateCacheEntry}; the run and its version are read through the entry's public
 * {@link AggregateCacheEntry#recreateAggregate} (in this process it hands back the aggregate it was made from) and
 * kept beside it, so nothing reaches into Axon's private fields.
 */
public final class AggregateCache implements Cache {

    private final ConcurrentMap<Object, Cached> entries;
    private final Function<String, Optional<Long>> latestSequence;
    private final ThreadLocal<HandedOut> handedOut = new ThreadLocal<>();

    /** A run handed out from the cache, at its cached version. */
    record HandedOut(String runId, Long version) {
    }

    /** Axon's entry with what the cache needs to know of it. */
    private record Cached(Object entry, Long version, int weight) {
    }

    /**
     * @param maxBytes       about the most bytes of heap the cached runs take
     * @param latestSequence the newest sequence number of a run in the event log
     */
    public AggregateCache(long maxBytes, Function<String, Optional<Long>> latestSequence) {
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .<Object, Cached>weigher((key, cached) -> cached.weight())
                .executor(Runnable::run)
                .build().asMap();
        this.latestSequence = latestSequence;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Cached cached = entries.get(key);
        if (cached == null) {
            return null;
        }
        if (cached.version() != null) {
            handedOut.set(new HandedOut(key.toString(), cached.version()));
        }
        return (V) cached.entry();
    }

    /** Forgets what this thread was handed out before: called before each command. */
    void forgetHandedOut() {
        handedOut.remove();
    }

    /**
     * After a command on this thread answered {@code result}: whether it was decided on a cached run that another
     * writer had moved past, without writing anything itself. Such a run is dropped, so that the next load reads it
     * from the event log.
     */
    boolean dropIfStale(Written result) {
        HandedOut run = handedOut.get();
        handedOut.remove();
        if (run == null || !run.runId().equals(result.runId()) || result.sequence() != run.version()) {
            return false;
        }
        boolean stale = latestSequence.apply(run.runId()).map(newest -> newest > run.version()).orElse(false);
        if (stale) {
            entries.remove(run.runId());
        }
        return stale;
    }

    /** The weight of the runs cached now, about their bytes of heap. */
    long weight() {
        return entries.values().stream().mapToLong(Cached::weight).sum();
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, cached(value));
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, cached(value)) == null;
    }

    @Override
    public boolean remove(Object key) {
        return entries.remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.clear();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        throw new UnsupportedOperationException("the aggregate cache has no entry listeners");
    }

    private static Cached cached(Object value) {
        if (value instanceof AggregateCacheEntry<?> entry) {
            EventSourcedAggregate<?> aggregate = aggregateOf(entry);
            long weight = aggregate.getAggregateRoot() instanceof Run run ? run.weight() : 1024;
            return new Cached(entry, aggregate.version(), (int) Math.min(Integer.MAX_VALUE, weight));
        }
        return new Cached(value, null, 1024);
    }

    /**
     * The entry's aggregate, only looked at. An entry made in this process (this cache never serializes one) hands
     * back the aggregate it was made from and needs no model, event bus or trigger.
     */
    private static EventSourcedAggregate<?> aggregateOf(AggregateCacheEntry<?> entry) {
        return entry.recreateAggregate(null, null, NoSnapshotTriggerDefinition.INSTANCE);
    }
}
