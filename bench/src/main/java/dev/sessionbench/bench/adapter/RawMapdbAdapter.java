package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Subject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.mapdb.Store;
import org.mapdb.volume.Volume;

/**
 * The raw limit of the MapDB store, on the store's own structure: the store's journaled volume and page cache
 * ({@link MapdbSettings}), a {@code BTreeMap} from the 32 key bytes to the record's id, and the record's bytes (of
 * the session's size) stored as they are ({@code BYTE_ARRAY_NOSIZE}), so that a save rewrites one record. With
 * {@code raw-mapdb-wal} every write is followed by a commit (the journal's one fsync), the price of a write that
 * survives a crash; {@code raw-mapdb} commits nothing. No expiry, no deadline index, no checks.
 *
 * <p>As in the store, a read-write lock keeps reads apart from writes (the volume does not lock), and a write seals
 * its commit under the lock and waits for its fsync after releasing it, so that concurrent writers share one.
 */
final class RawMapdbAdapter extends RawKeyValueAdapter {

    private static final Serializer<byte[]> RECORD = Serializer.BYTE_ARRAY_NOSIZE;
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private final boolean wal;
    private final DB db;
    private final BTreeMap<byte[], Long> records;
    private final Store store;
    private final Volume volume;
    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    private final Lock lock = rw.writeLock();
    private final Lock read = rw.readLock();
    private final Runnable cleanup;
    /** While seeding or discarding (not measured): one commit at the end instead of one per session. */
    private volatile boolean loading;

    RawMapdbAdapter(Path file, boolean wal, Runnable cleanup) {
        super(wal ? Subject.RAW_MAPDB_WAL : Subject.RAW_MAPDB);
        this.wal = wal;
        this.cleanup = cleanup;
        try {
            Files.createFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
        volume = MapdbSettings.groupCommitVolume(file);
        db = DBMaker.volumeDB(volume, false).make();
        records = db.treeMap("sessions", Serializer.BYTE_ARRAY, Serializer.LONG).create();
        store = db.getStore();
        db.commit();
        MapdbSettings.awaitCommitted(volume);
    }

    private static byte[] key(String value) {
        return BASE64URL.decode(value);
    }

    @Override
    public String seed(Map<String, String> attributes) {
        String key = newKey();
        return write(() -> {
            records.put(key(key), store.put(RawValues.bytes(attributes), RECORD));
            return key;
        });
    }

    @Override
    public Object lookup(String value) {
        byte[] key = key(value);
        read.lock();
        try {
            Long recid = records.get(key);
            return recid == null ? null : store.get(recid, RECORD);
        } finally {
            read.unlock();
        }
    }

    @Override
    public String accessAndSave(String value, String name, String newValue) {
        byte[] key = key(value);
        return write(() -> {
            Long recid = records.get(key);
            if (recid == null) {
                return null;
            }
            store.update(recid, store.get(recid, RECORD), RECORD);
            return value;
        });
    }

    @Override
    public String changeId(String value) {
        String key = newKey();
        return write(() -> {
            Long recid = records.remove(key(value));
            if (recid == null) {
                return null;
            }
            records.put(key(key), recid);
            return key;
        });
    }

    @Override
    public boolean invalidate(String value) {
        return write(() -> {
            Long recid = records.remove(key(value));
            if (recid != null) {
                store.delete(recid, RECORD);
            }
            return recid != null;
        });
    }

    /**
     * Returns what {@code update} returns, run under the write lock and sealed into the journal there, after waiting
     * outside the lock for the fsync that covers it; a null answer (nothing found) writes nothing and waits for none.
     */
    private <T> T write(Supplier<T> update) {
        T result;
        lock.lock();
        try {
            result = update.get();
            if (result == null) {
                return null;
            }
            commit();
        } finally {
            lock.unlock();
        }
        awaitCommit();
        return result;
    }

    /** Seals the write into a batch of the journal; called under the lock. */
    private void commit() {
        if (wal && !loading) {
            db.commit();
        }
    }

    /** Waits, outside the lock, for the fsync that covers the writes sealed so far. */
    private void awaitCommit() {
        if (wal && !loading) {
            MapdbSettings.awaitCommitted(volume);
        }
    }

    @Override
    public void bulkLoad(Runnable load) {
        if (!wal) {
            load.run();
            return;
        }
        loading = true;
        try {
            load.run();
        } finally {
            loading = false;
            commitAll();
        }
    }

    /** Commits everything written so far, whatever the mode, and waits for its fsync outside the lock. */
    private void commitAll() {
        lock.lock();
        try {
            db.commit();
        } finally {
            lock.unlock();
        }
        MapdbSettings.awaitCommitted(volume);
    }

    @Override
    public void close() {
        try {
            commitAll();
            db.close();
        } finally {
            cleanup.run();
        }
    }
}
