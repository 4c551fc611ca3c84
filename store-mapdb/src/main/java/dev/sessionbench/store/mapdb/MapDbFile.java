package dev.sessionbench.store.mapdb;

import static dev.sessionbench.store.mapdb.MapDbSessionStore.HASH;
import static dev.sessionbench.store.mapdb.MapDbSessionStore.RECORD;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStoreException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.NavigableSet;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;
import org.mapdb.DataIO;
import org.mapdb.Serializer;
import org.mapdb.Store;

/**
 * The store file's life outside the store's requests: creating it atomically, checking its permissions, and opening
 * it: the checks that refuse a truncated or damaged file, and the rebuild of an index made under other settings.
 */
final class MapDbFile {

    /** The file format this code writes and reads, kept in the file's meta map. */
    static final long FORMAT_VERSION = 1;
    /** Offset of the file-tail field in a MapDB 3 store header (StoreDirectJava.FILE_TAIL_OFFSET). */
    private static final long FILE_TAIL_OFFSET = 5 * 8;

    private static final System.Logger LOG = System.getLogger(MapDbSessionStore.class.getName());

    private MapDbFile() {}

    static SessionStoreException alreadyOpen(Path file, Throwable cause) {
        return new SessionStoreException(
                "MapDB file " + file + " is already open (locked by this or another "
                        + "process); a file can be opened by one store at a time",
                cause);
    }

    /** The collections of an open store file. */
    record Contents(
            DB db,
            BTreeMap<byte[], Long> records,
            Store recordStore,
            DeadlineIndex deadlines,
            BTreeMap<byte[], String> principals) {}

    /**
     * Returns the collections of the file on the volume, ready for the policy: checks the header and the format
     * version, reads every record and index entry when {@code verify} is set, and rebuilds the expiry index when the
     * file was last used under other timeouts and the principal index when it was last used with another principal
     * attribute. Throws on a truncated or damaged file; the caller then closes the volume, which discards whatever
     * this wrote.
     */
    static Contents open(JournaledVolume v, boolean verify, SessionPolicy policy, Path file) {
        checkNotTruncated(v);
        DB db = DBMaker.volumeDB(v, true).make();
        BTreeMap<byte[], Long> records =
                db.treeMap("sessions", Serializer.BYTE_ARRAY, Serializer.LONG).open();
        NavigableSet<byte[]> d = db.treeSet("deadlines", Serializer.BYTE_ARRAY).open();
        BTreeMap<byte[], String> principals = db.treeMap("principals", Serializer.BYTE_ARRAY, Serializer.STRING)
                .createOrOpen();
        BTreeMap<String, Long> meta =
                db.treeMap("meta", Serializer.STRING, Serializer.LONG).open();
        Long version = meta.get("formatVersion");
        if (version == null || version != FORMAT_VERSION) {
            throw new SessionRecord.CorruptRecordException(
                    "format version " + version + ", expected " + FORMAT_VERSION);
        }
        DeadlineIndex deadlines = new DeadlineIndex(d);
        if (verify) {
            verify(records, deadlines, db.getStore());
        }
        Contents c = new Contents(db, records, db.getStore(), deadlines, principals);
        reindexIfPolicyChanged(c, meta, policy);
        reindexPrincipalsIfChanged(c, meta, policy.principalAttribute(), file);
        return c;
    }

    /**
     * Creates a new, empty store file atomically: built under a temporary name (owner-only from its creation), then
     * linked into place. Refuses when a journal is there without its file: that file was deleted while a store had
     * it open (and may still have), or after a crash, and its journal must never be replayed into a new file.
     */
    static void createIfAbsent(Path file, long cacheBytes) {
        if (Files.exists(file)) {
            return;
        }
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new SessionStoreException(
                    "cannot create MapDB file " + file + ": directory " + dir + " does not exist");
        }
        Path journal = JournaledVolume.journalPathOf(file);
        if (Files.exists(journal)) {
            throw new SessionStoreException("MapDB file " + file + " does not exist, but its journal " + journal
                    + " does: the file was deleted while a store had it open (that store may still be running), or "
                    + "after a crash. Restore the file, or delete the journal (its sessions are gone with the file) to "
                    + "start a new one");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, file.getFileName() + ".", ".creating", StoreFiles.ownerOnly(dir));
            JournaledVolume v = new JournaledVolume(tmp.toFile(), cacheBytes);
            try {
                DB db = DBMaker.volumeDB(v, false).make();
                try {
                    db.treeMap("sessions", Serializer.BYTE_ARRAY, Serializer.LONG)
                            .create();
                    db.treeSet("deadlines", Serializer.BYTE_ARRAY).create();
                    db.treeMap("principals", Serializer.BYTE_ARRAY, Serializer.STRING)
                            .create();
                    BTreeMap<String, Long> meta = db.treeMap("meta", Serializer.STRING, Serializer.LONG)
                            .create();
                    meta.put("formatVersion", FORMAT_VERSION);
                    db.commit();
                } finally {
                    db.close();
                }
            } finally {
                v.close();
            }
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException e) {
                // another store created it meanwhile: open that one
            } catch (UnsupportedOperationException e) {
                Files.move(tmp, file);
            }
            JournaledVolume.syncDirectory(file);
        } catch (IOException | DBException e) {
            throw new SessionStoreException("cannot create MapDB file " + file + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                    Files.deleteIfExists(JournaledVolume.journalPathOf(tmp));
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not delete temporary file " + tmp + ": " + e);
                }
            }
        }
    }

    /**
     * Refuses a store file that group or others may access, or (when told to) makes it owner-only with a warning. A
     * journal left by a crash is made owner-only when the volume opens it.
     */
    static void checkPermissions(Path file, boolean tighten) {
        try {
            String mode = StoreFiles.openToOthers(file);
            if (mode == null) {
                return;
            }
            if (!tighten) {
                throw new SessionStoreException("MapDB file " + file + " is " + mode + ": group or others may access "
                        + "it, and it holds session attributes in plain text. Make it owner-only (chmod 600 " + file
                        + "), or open it with the URI option tightenPermissions=true (builder: tightenPermissions(true)) "
                        + "to have the store do so");
            }
            StoreFiles.makeOwnerOnly(file);
            LOG.log(
                    System.Logger.Level.WARNING,
                    "MapDB file " + file + " was " + mode + ", open to group or others; made it owner-only");
        } catch (IOException e) {
            throw new SessionStoreException(
                    "cannot check or change the permissions of MapDB file " + file + ": " + e, e);
        }
    }

    private static void checkNotTruncated(JournaledVolume v) {
        long length = v.length();
        if (length < FILE_TAIL_OFFSET + 8) {
            throw new SessionRecord.CorruptRecordException("file has " + length + " bytes, less than a MapDB header");
        }
        long fileTail = DataIO.parity16Get(v.getLong(FILE_TAIL_OFFSET));
        if (fileTail > length) {
            throw new SessionRecord.CorruptRecordException(
                    "file is truncated: its header says " + fileTail + " bytes, the file has " + length);
        }
    }

    /** Reads every record and index entry, so that a damaged file fails when opened rather than on some request. */
    private static void verify(BTreeMap<byte[], Long> records, DeadlineIndex deadlines, Store store) {
        long recordCount = 0;
        for (Map.Entry<byte[], Long> e : records.entrySet()) {
            if (e.getKey().length != HASH) {
                throw new SessionRecord.CorruptRecordException("a record key has " + e.getKey().length + " bytes");
            }
            byte[] raw = store.get(e.getValue(), RECORD);
            if (raw == null) {
                throw new SessionRecord.CorruptRecordException("a record is missing");
            }
            SessionRecord.decode(raw);
            recordCount++;
        }
        long indexCount = deadlines.verifiedSize();
        if (indexCount != recordCount) {
            throw new SessionRecord.CorruptRecordException(
                    "the expiry index holds " + indexCount + " entries for " + recordCount + " records");
        }
    }

    /** Rebuilds the expiry index when the file was last used under other timeouts, whose deadlines it holds. */
    private static void reindexIfPolicyChanged(Contents c, BTreeMap<String, Long> meta, SessionPolicy policy) {
        long idleMillis = policy.idleTimeout().toMillis();
        long absoluteMillis = policy.absoluteTimeout().toMillis();
        Long idle = meta.get("idleMillis");
        Long absolute = meta.get("absoluteMillis");
        if (idle != null && idle == idleMillis && absolute != null && absolute == absoluteMillis) {
            return;
        }
        if (idle != null) {
            c.deadlines().clear();
            for (Map.Entry<byte[], Long> e : c.records().entrySet()) {
                SessionRecord r = SessionRecord.decode(c.recordStore().get(e.getValue(), RECORD));
                long deadline = r.deadline(policy);
                c.recordStore()
                        .update(e.getValue(), r.withIndexedDeadline(deadline).encode(), RECORD);
                c.deadlines().add(deadline, e.getKey());
            }
        }
        meta.put("idleMillis", idleMillis);
        meta.put("absoluteMillis", absoluteMillis);
        c.db().commit();
    }

    /** Rebuilds the principal index when the file was last used with another principal attribute (or none). */
    private static void reindexPrincipalsIfChanged(
            Contents c, BTreeMap<String, Long> meta, String principalAttribute, Path file) {
        String marker = "principalAttribute:" + principalAttribute;
        if (meta.containsKey(marker)) {
            return;
        }
        // The file keeps hashes of IDs only, so the sessions saved before cannot be indexed here; each joins the
        // index at its next save (see save).
        if (!c.principals().isEmpty() || !c.records().isEmpty()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "MapDB file " + file + " was last used without a principal index "
                            + "for attribute '" + principalAttribute
                            + "'; its sessions are listed by sessionsOf from their next "
                            + "save on");
        }
        c.principals().clear();
        meta.keySet().removeIf(k -> k.startsWith("principalAttribute:"));
        meta.put(marker, 1L);
        c.db().commit();
    }
}
