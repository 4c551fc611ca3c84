package dev.sessionbench.bench.adapter;

import java.nio.file.Path;
import org.mapdb.DBMaker;

/** The file settings the MapDB store uses, so that its raw limit is measured on the same kind of file. */
final class MapdbSettings {

    private MapdbSettings() {
    }

    /** Returns a maker for {@code file} with the store's file settings, before durability is chosen. */
    static DBMaker.Maker maker(Path file) {
        return DBMaker.fileDB(file.toFile()).fileMmapEnableIfSupported();
    }
}
