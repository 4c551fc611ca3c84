package dev.sessionbench.store.mapdb;

import static dev.sessionbench.store.mapdb.MapDbSessionStore.HASH;
import static dev.sessionbench.store.mapdb.MapDbSessionStore.RECORD;

import dev.sessionbench.core.SessionStoreException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;
import org.mapdb.DataIO;
import org.mapdb.Serializer;
import org.mapdb.Store;

/**
 * The store file's life outside the store's requests: creating it atomically, checking its permissions, and the
 * checks that refuse a truncated or damaged file when it is opened.
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

    static void checkNotTruncated(JournaledVolume v) {
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
    static void verify(BTreeMap<byte[], Long> records, DeadlineIndex deadlines, Store store) {
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
}
