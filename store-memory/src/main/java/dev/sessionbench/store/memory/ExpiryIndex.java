package dev.sessionbench.store.memory;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sessions ordered by the deadline they had when last indexed. Finds slide deadlines without touching the index;
 * a purge meets such a session at its old deadline and indexes it again at its new one, so each purge costs
 * time in proportion to the sessions it removes plus the ones that were touched since they were indexed.
 */
final class ExpiryIndex {

    /** A position in the index: the deadline, then a sequence number that keeps equal deadlines apart. */
    record Key(long deadline, long sequence) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    private final ConcurrentSkipListMap<Key, StoredSession> byDeadline = new ConcurrentSkipListMap<>();
    private final AtomicLong sequence = new AtomicLong();

    void add(StoredSession entry) {
        Key key = new Key(entry.deadline(), sequence.incrementAndGet());
        entry.indexKey = key;
        byDeadline.put(key, entry);
    }

    void remove(StoredSession entry) {
        Key key = entry.indexKey;
        if (key != null) {
            byDeadline.remove(key, entry);
        }
    }

    /** Returns and removes the entry with the earliest indexed deadline if that deadline is at or before {@code now}. */
    StoredSession pollDue(long now) {
        while (true) {
            Map.Entry<Key, StoredSession> first = byDeadline.firstEntry();
            if (first == null || first.getKey().deadline() > now) {
                return null;
            }
            if (byDeadline.remove(first.getKey(), first.getValue())) {
                return first.getValue();
            }
        }
    }

    int size() {
        return byDeadline.size();
    }
}
