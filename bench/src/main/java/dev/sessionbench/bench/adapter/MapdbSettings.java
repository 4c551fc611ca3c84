package dev.sessionbench.bench.adapter;

import dev.sessionbench.store.mapdb.MapDbSessionStore;
import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
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

    private MapdbSettings() {
    }

    /** Returns the store's volume on {@code file}, which must exist (it may be empty). */
    static Volume volume(Path file) {
        try {
            Constructor<?> c = Class.forName(VOLUME_CLASS).getDeclaredConstructor(File.class, long.class);
            c.setAccessible(true);
            return (Volume) c.newInstance(file.toFile(), CACHE_BYTES);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot open the MapDB store's volume on " + file + ": "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("the MapDB store no longer has " + VOLUME_CLASS + "(File, long); the raw"
                    + " limit must use the store's own volume: " + e, e);
        }
    }
}
