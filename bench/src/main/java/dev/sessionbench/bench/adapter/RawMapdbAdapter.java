package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;

/**
 * The raw limit of the MapDB store: an {@link HTreeMap} of string keys to byte arrays of the session's size, in a
 * file with the store's settings. With the write-ahead log ({@code raw-mapdb-wal}) every write is followed by a
 * commit, the price of a write that survives a crash; without it ({@code raw-mapdb}) nothing is committed.
 */
final class RawMapdbAdapter implements Adapter {

    private static final Set<Operation> OPERATIONS = EnumSet.of(Operation.CREATE, Operation.LOOKUP_HIT,
            Operation.LOOKUP_MISS, Operation.ACCESS_AND_SAVE, Operation.CHANGE_ID, Operation.INVALIDATE,
            Operation.MIXED);

    private final boolean wal;
    private final DB db;
    private final HTreeMap<String, byte[]> map;
    private final Runnable cleanup;

    RawMapdbAdapter(Path file, boolean wal, Runnable cleanup) {
        this.wal = wal;
        this.cleanup = cleanup;
        DBMaker.Maker maker = MapdbSettings.maker(file);
        if (wal) {
            maker = maker.transactionEnable();
        }
        db = maker.make();
        map = db.hashMap("raw", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
    }

    @Override
    public Subject subject() {
        return wal ? Subject.RAW_MAPDB_WAL : Subject.RAW_MAPDB;
    }

    @Override
    public Set<Operation> operations() {
        return OPERATIONS;
    }

    @Override
    public String seed(Map<String, String> attributes) {
        String key = RawValues.key();
        map.put(key, RawValues.bytes(attributes));
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
        map.put(key, RawValues.bytes(Map.of(name, value)));
        commit();
        return key;
    }

    @Override
    public Object lookup(String value) {
        return map.get(value);
    }

    @Override
    public String accessAndSave(String value, String name, String newValue) {
        byte[] v = map.get(value);
        if (v == null) {
            return null;
        }
        map.put(value, v);
        commit();
        return value;
    }

    @Override
    public String changeId(String value) {
        byte[] v = map.remove(value);
        if (v == null) {
            return null;
        }
        String key = RawValues.key();
        map.put(key, v);
        commit();
        return key;
    }

    @Override
    public boolean invalidate(String value) {
        boolean removed = map.remove(value) != null;
        commit();
        return removed;
    }

    private void commit() {
        if (wal) {
            db.commit();
        }
    }

    @Override
    public boolean revokes() {
        return true;
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
