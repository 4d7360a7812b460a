package io.runstore.command.config;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;

import java.lang.reflect.Field;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Axon's aggregate {@link Cache} on a size-bounded Caffeine map: recently used runs stay in memory (strongly held,
 * unlike Axon's WeakReferenceCache, which the next young collection empties). Axon removes an entry whose unit of
 * work rolled back, so the cache never holds an uncommitted change.
 * <p>
 * Another server may have appended to a run since this one cached it. A command that then writes collides with the
 * newer events and is retried on a fresh load, but a command the stale run would accept without writing (a task
 * already in the state asked for) would be answered from the past. So, when {@code latestSequence} is given, a cached
 * run is handed out only while its version is still the run's newest sequence number in the event log (one indexed
 * lookup); otherwise it is dropped and Axon loads the run from its snapshot and events.
 */
final class AggregateCache implements Cache {

    private static final Field VERSION = versionField();

    private final ConcurrentMap<Object, Object> entries;
    private final Function<String, Optional<Long>> latestSequence;

    /** @param latestSequence the newest sequence number of a run in the event log, or null to trust the cache */
    AggregateCache(long maximumSize, Function<String, Optional<Long>> latestSequence) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).build().asMap();
        this.latestSequence = latestSequence;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value = entries.get(key);
        if (value instanceof AggregateCacheEntry<?> entry && latestSequence != null && stale(key, entry)) {
            entries.remove(key, value);
            return null;
        }
        return (V) value;
    }

    private boolean stale(Object key, AggregateCacheEntry<?> entry) {
        Long cached = version(entry);
        Optional<Long> latest = latestSequence.apply(key.toString());
        return cached == null ? latest.isPresent() : latest.map(newest -> newest > cached).orElse(false);
    }

    private static Long version(AggregateCacheEntry<?> entry) {
        try {
            return (Long) VERSION.get(entry);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read the version of a cached aggregate", e);
        }
    }

    /** Axon keeps the cached aggregate's version in a private field and offers no getter. */
    private static Field versionField() {
        try {
            Field field = AggregateCacheEntry.class.getDeclaredField("version");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("Axon's AggregateCacheEntry has no version field any more", e);
        }
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value) == null;
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
}
