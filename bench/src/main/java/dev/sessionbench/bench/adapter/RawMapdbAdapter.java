package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.mapdb.Store;

/**
 * The raw limit of the MapDB store, on the store's own structure: the store's journaled volume and page cache
 * ({@link MapdbSettings}), a {@code BTreeMap} from the 32 key bytes to the record's id, and the record's bytes (of
 * the session's size) stored as they are ({@code BYTE_ARRAY_NOSIZE}), so that a save rewrites one record. With
 * {@code raw-mapdb-wal} every write is followed by a commit (the journal's one fsync), the price of a write that
 * survives a crash; {@code raw-mapdb} commits nothing. No expiry, no deadline index, no checks.
 */
final class RawMapdbAdapter extends RawAdapter {

    private static final Set<Operation> OPERATIONS = EnumSet.of(Operation.CREATE, Operation.LOOKUP_HIT,
            Operation.LOOKUP_MISS, Operation.ACCESS_AND_SAVE, Operation.CHANGE_ID, Operation.INVALIDATE,
            Operation.MIXED);
    private static final Serializer<byte[]> RECORD = Serializer.BYTE_ARRAY_NOSIZE;
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private final boolean wal;
    private final DB db;
    private final BTreeMap<byte[], Long> records;
    private final Store store;
    private final Runnable cleanup;
    /** While seeding or discarding (not measured): one commit at the end instead of one per session. */
    private volatile boolean loading;

    RawMapdbAdapter(Path file, boolean wal, Runnable cleanup) {
        super(wal ? Subject.RAW_MAPDB_WAL : Subject.RAW_MAPDB, OPERATIONS, true);
        this.wal = wal;
        this.cleanup = cleanup;
        try {
            Files.createFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
        db = DBMaker.volumeDB(MapdbSettings.volume(file), false).make();
        records = db.treeMap("sessions", Serializer.BYTE_ARRAY, Serializer.LONG).create();
        store = db.getStore();
        db.commit();
    }

    private static byte[] key(String value) {
        return BASE64URL.decode(value);
    }

    @Override
    public String seed(Map<String, String> attributes) {
        String key = RawValues.key();
        records.put(key(key), store.put(RawValues.bytes(attributes), RECORD));
        commit();
        return key;
    }

    @Override
    public String unknownValue() {
        return RawValues.key();
    }

    @Override
    public String create(String name, String value) {
        String key = RawValues.key();
        records.put(key(key), store.put(RawValues.bytes(Map.of(name, value)), RECORD));
        commit();
        return key;
    }

    @Override
    public Object lookup(String value) {
        Long recid = records.get(key(value));
        return recid == null ? null : store.get(recid, RECORD);
    }

    @Override
    public String accessAndSave(String value, String name, String newValue) {
        Long recid = records.get(key(value));
        if (recid == null) {
            return null;
        }
        byte[] v = store.get(recid, RECORD);
        store.update(recid, v, RECORD);
        commit();
        return value;
    }

    @Override
    public String changeId(String value) {
        Long recid = records.remove(key(value));
        if (recid == null) {
            return null;
        }
        String key = RawValues.key();
        records.put(key(key), recid);
        commit();
        return key;
    }

    @Override
    public boolean invalidate(String value) {
        Long recid = records.remove(key(value));
        if (recid != null) {
            store.delete(recid, RECORD);
        }
        commit();
        return recid != null;
    }

    private void commit() {
        if (wal && !loading) {
            db.commit();
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
            db.commit();
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } finally {
            cleanup.run();
        }
    }
}
