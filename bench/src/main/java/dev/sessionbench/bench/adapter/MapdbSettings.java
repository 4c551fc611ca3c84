package dev.sessionbench.bench.adapter;

import java.nio.file.Path;
import org.mapdb.DBMaker;

/**
 * The file settings of the MapDB store, so that its raw limit is measured on the same kind of file: a plain file
 * read and written through {@code RandomAccessFile} (the store's journaled volume wraps one), no memory mapping.
 */
final class MapdbSettings {

    private MapdbSettings() {
    }

    /** Returns a maker for {@code file} with the store's file settings, before durability is chosen. */
    static DBMaker.Maker maker(Path file) {
        return DBMaker.fileDB(file.toFile());
    }
}
