package dev.sessionbench.store.mapdb;

import static dev.sessionbench.store.mapdb.MapDbSessionStore.HASH;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.NavigableSet;

/**
 * The expiry index inside the store file, the file's counterpart of the memory store's {@code ExpiryIndex}: one
 * entry per session, its indexed deadline in 8 big-endian bytes (unsigned byte order is then time order) followed by
 * the SHA-256 of its ID, earliest first. A purge reads from the front only as far as now. Guarded by the store's
 * lock; every change is committed with the record it indexes.
 */
final class DeadlineIndex {

    /** Bytes of one entry: the deadline, then the hash. */
    static final int ENTRY = 8 + HASH;

    private final NavigableSet<byte[]> entries;

    /** Wraps the file's set of entries (MapDB's {@code deadlines} tree set, compared by unsigned bytes). */
    DeadlineIndex(NavigableSet<byte[]> entries) {
        this.entries = entries;
    }

    /** Indexes the session whose ID hashes to {@code hash} under {@code deadline}. */
    void add(long deadline, byte[] hash) {
        entries.add(entry(deadline, hash));
    }

    /** Removes the session's entry under {@code deadline}, the one it was indexed under. */
    void remove(long deadline, byte[] hash) {
        entries.remove(entry(deadline, hash));
    }

    /** Removes every entry, before the index is rebuilt. */
    void clear() {
        entries.clear();
    }

    /** Returns the earliest entry when its deadline is at or before {@code now}, else null; removes nothing. */
    byte[] firstDue(long now) {
        if (entries.isEmpty()) {
            return null;
        }
        byte[] first = entries.first();
        return ByteBuffer.wrap(first).getLong() > now ? null : first;
    }

    /** Removes an entry {@link #firstDue} returned and returns the hash of its session. */
    byte[] take(byte[] entry) {
        entries.remove(entry);
        return Arrays.copyOfRange(entry, 8, ENTRY);
    }

    /** Returns whether some entry indexes the session whose ID hashes to {@code hash}; reads the whole index. */
    boolean holds(byte[] hash) {
        for (byte[] entry : entries) {
            if (Arrays.equals(entry, 8, ENTRY, hash, 0, HASH)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns how many entries there are, throwing {@link SessionRecord.CorruptRecordException} at one of the wrong
     * length; reads the whole index.
     */
    long verifiedSize() {
        long count = 0;
        for (byte[] entry : entries) {
            if (entry.length != ENTRY) {
                throw new SessionRecord.CorruptRecordException("an index entry has " + entry.length + " bytes");
            }
            count++;
        }
        return count;
    }

    /** Returns the entry: the deadline in 8 big-endian bytes (a negative one as zero), then the hash. */
    static byte[] entry(long deadline, byte[] hash) {
        return ByteBuffer.allocate(ENTRY)
                .putLong(Math.max(0, deadline))
                .put(hash)
                .array();
    }
}
