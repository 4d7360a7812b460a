package io.runstore.command.run;

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
 * newer events and is retried on a fresh load; a command that the stale run accepts without writing anything (a task
 * already in the state asked for) would be answered from the past. So the cache remembers, per thread, the version of
 * the run it last handed out; {@link StaleRunGuard} compares it with a result that wrote nothing and, if the event log
 * has moved on meanwhile, the run is dropped ({@link #dropIfStale}) and the command rolled back and sent again.
 */
public final class AggregateCache implements Cache {

    private static final Field VERSION = versionField();

    private final ConcurrentMap<Object, Object> entries;
    private final Function<String, Optional<Long>> latestSequence;
    private final ThreadLocal<HandedOut> handedOut = new ThreadLocal<>();

    /** A run handed out from the cache, at its cached version. */
    record HandedOut(String runId, Long version) {
    }

    /** @param latestSequence the newest sequence number of a run in the event log */
    public AggregateCache(long maximumSize, Function<String, Optional<Long>> latestSequence) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).build().asMap();
        this.latestSequence = latestSequence;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value = entries.get(key);
        if (value instanceof AggregateCacheEntry<?> entry) {
            handedOut.set(new HandedOut(key.toString(), version(entry)));
        }
        return (V) value;
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
        if (run == null || run.version() == null || !run.runId().equals(result.runId())
                || result.sequence() != run.version()) {
            return false;
        }
        boolean stale = latestSequence.apply(run.runId()).map(newest -> newest > run.version()).orElse(false);
        if (stale) {
            entries.remove(run.runId());
        }
        return stale;
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
