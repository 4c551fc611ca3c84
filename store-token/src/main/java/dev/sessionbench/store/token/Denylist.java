package dev.sessionbench.store.token;

import dev.sessionbench.core.SessionStoreFullException;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The revoked session IDs ({@code jti}) of one process, each kept until no token of its session can still be
 * valid, and at most {@code capacity} at once. Lookups are lock-free; additions and purges take one lock.
 */
final class Denylist {

    private record Entry(long deadlineMillis, String jti) {
    }

    private final int capacity;
    private final ConcurrentHashMap<String, Long> deadlines = new ConcurrentHashMap<>();
    /** Every deadline ever added, earliest first, so a purge costs time in proportion to what it removes. */
    private final PriorityQueue<Entry> byDeadline =
            new PriorityQueue<>((a, b) -> Long.compare(a.deadlineMillis, b.deadlineMillis));
    private final LongAdder lookups = new LongAdder();

    Denylist(int capacity) {
        this.capacity = capacity;
    }

    /** Returns true when the ID is revoked. */
    boolean contains(String jti) {
        lookups.increment();
        return deadlines.containsKey(jti);
    }

    /**
     * Revokes the ID until {@code deadlineMillis} (a later deadline wins over an earlier one). When the list is
     * full it first drops what has expired by {@code nowMillis}; throws {@link SessionStoreFullException} when it
     * is still full, since a logout that cannot be recorded must not look as if it worked.
     */
    synchronized void add(String jti, long deadlineMillis, long nowMillis) {
        Long existing = deadlines.get(jti);
        if (existing != null && existing >= deadlineMillis) {
            return;
        }
        if (existing == null && deadlines.size() >= capacity) {
            purge(nowMillis);
            if (deadlines.size() >= capacity) {
                throw new SessionStoreFullException("the token store's revocation denylist holds its maximum of "
                        + capacity + " revoked sessions, none of them expired yet; the session cannot be revoked. "
                        + "Raise maxRevoked, or shorten the session timeouts so entries leave sooner");
            }
        }
        deadlines.put(jti, deadlineMillis);
        byDeadline.add(new Entry(deadlineMillis, jti));
    }

    /**
     * Revokes the ID as {@link #add} does and returns true, or returns false and changes nothing when it is revoked
     * already; one step under the lock, so that of two rotations of one session exactly one succeeds.
     */
    synchronized boolean addIfAbsent(String jti, long deadlineMillis, long nowMillis) {
        if (deadlines.containsKey(jti)) {
            return false;
        }
        add(jti, deadlineMillis, nowMillis);
        return true;
    }

    /** Removes the entries whose deadline is at or before {@code nowMillis} and returns how many. */
    synchronized long purge(long nowMillis) {
        long removed = 0;
        Entry head;
        while ((head = byDeadline.peek()) != null && head.deadlineMillis <= nowMillis) {
            byDeadline.poll();
            // A queue entry whose deadline was later raised no longer matches the map: it is only dropped.
            if (deadlines.remove(head.jti, head.deadlineMillis)) {
                removed++;
            }
        }
        return removed;
    }

    int size() {
        return deadlines.size();
    }

    long lookups() {
        return lookups.sum();
    }
}
