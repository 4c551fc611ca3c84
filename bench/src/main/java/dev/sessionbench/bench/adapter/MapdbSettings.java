package dev.sessionbench.bench.adapter;

import dev.sessionbench.store.mapdb.MapDbSessionStore;
import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import org.mapdb.volume.Volume;

/**
 * The file settings of the MapDB store, so that its raw limit runs on the same file: the store's own journaled
 * volume (a plain file through {@code RandomAccessFile}, dirty pages kept until a commit, which appends them to a
 * journal and forces it once) with the store's default page cache.
 */
final class MapdbSettings {

    /** The store's volume class: package-private there, because it is no part of the store's API. */
    static final String VOLUME_CLASS = "dev.sessionbench.store.mapdb.JournaledVolume";
    /** The store's default page cache. */
    static final long CACHE_BYTES = MapDbSessionStore.DEFAULT_CACHE_BYTES;

    private MapdbSettings() {}

    /**
     * Returns the store's volume on {@code file} with its syncs deferred, as the store runs it: a commit only seals
     * the pages written since the last one into a batch, and {@link #awaitCommitted} waits until every batch sealed
     * so far is durable, sharing one journal fsync with the commits of other threads. The volume does not lock:
     * the caller lets one writer in at a time and keeps readers out while it writes.
     */
    static Volume groupCommitVolume(Path file) {
        Volume v = volume(file);
        try {
            Field defer = Class.forName(VOLUME_CLASS).getDeclaredField("deferSyncs");
            defer.setAccessible(true);
            defer.setBoolean(v, true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the MapDB store's volume no longer defers syncs: " + e, e);
        }
        return v;
    }

    /** Returns once every batch the volume sealed so far is durable (group commit); see {@link #groupCommitVolume}. */
    static void awaitCommitted(Volume v) {
        try {
            long seq = (long) SEALED_SEQ.invoke(v);
            AWAIT_DURABLE.invoke(v, seq);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot wait for the MapDB store's volume: " + e, e);
        }
    }

    private static final Method SEALED_SEQ = method("sealedSeq");
    private static final Method AWAIT_DURABLE = method("awaitDurable", long.class);

    private static Method method(String name, Class<?>... parameters) {
        try {
            Method m = Class.forName(VOLUME_CLASS).getDeclaredMethod(name, parameters);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the MapDB store's volume no longer has " + name + ": " + e, e);
        }
    }

    /** Returns the store's volume on {@code file}, which must exist (it may be empty). */
    static Volume volume(Path file) {
        try {
            Constructor<?> c = Class.forName(VOLUME_CLASS).getDeclaredConstructor(File.class, long.class);
            c.setAccessible(true);
            return (Volume) c.newInstance(file.toFile(), CACHE_BYTES);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    "cannot open the MapDB store's volume on " + file + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(
                    "the MapDB store no longer has " + VOLUME_CLASS + "(File, long); the raw"
                            + " limit must use the store's own volume: " + e,
                    e);
        }
    }
}
