package dev.sessionbench.store.token;

import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The revoked session IDs ({@code jti}) of one process, each kept until no token of its session can still be
 * valid, and at most {@code capacity} at once. When it is full and nothing in it has expired, it does not refuse
 * the revocation: it revokes every token last used up to now instead (a watermark on the {@code la} claim) and
 * starts empty, which signs every user out once but never lets a revoked token resolve and never fails a logout.
 * Lookups are lock-free; additions and purges take one lock.
 */
final class Denylist {

    private record Entry(long deadlineMillis, String jti) {}

    private static final System.Logger LOG = System.getLogger(TokenSessionStore.class.getName());

    private final int capacity;
    private final ConcurrentHashMap<String, Long> deadlines = new ConcurrentHashMap<>();
    /**
     * One entry per revoked ID, earliest deadline first, so a purge costs time in proportion to what it removes.
     * A raised deadline changes only the map; the purge meets the old entry and queues the ID again at its new
     * deadline, so repeated revocations of one ID never add entries.
     */
    private final PriorityQueue<Entry> byDeadline =
            new PriorityQueue<>((a, b) -> Long.compare(a.deadlineMillis, b.deadlineMillis));
    /** Every token whose last access is at or before this instant (epoch ms) is revoked. */
    private volatile long revokedThrough = Long.MIN_VALUE;

    private final LongAdder lookups = new LongAdder();

    Denylist(int capacity) {
        this.capacity = capacity;
    }

    /** Returns true when a token of the ID, last accessed at {@code lastAccessMillis}, is revoked. */
    boolean isRevoked(String jti, long lastAccessMillis) {
        lookups.increment();
        // The watermark is read first: an overflow sets it before it empties the map.
        return lastAccessMillis <= revokedThrough || deadlines.containsKey(jti);
    }

    /** Returns the watermark: tokens last accessed at or before it are revoked; {@link Long#MIN_VALUE} for none. */
    long revokedThrough() {
        return revokedThrough;
    }

    /**
     * Revokes the ID until {@code deadlineMillis} (a later deadline wins over an earlier one). When the list is
     * full it first drops what has expired by {@code nowMillis}; when it is still full it moves the watermark to
     * {@code nowMillis}, which covers this ID too, empties itself and returns true (an overflow). Never throws.
     */
    synchronized boolean add(String jti, long deadlineMillis, long nowMillis) {
        Long existing = deadlines.get(jti);
        if (existing != null) {
            if (existing < deadlineMillis) {
                deadlines.put(jti, deadlineMillis);
            }
            return false;
        }
        if (deadlines.size() >= capacity) {
            purge(nowMillis);
            if (deadlines.size() >= capacity) {
                revokedThrough = Math.max(revokedThrough, nowMillis);
                deadlines.clear();
                byDeadline.clear();
                LOG.log(
                        System.Logger.Level.WARNING,
                        "the token store's revocation denylist reached its maximum of "
                                + capacity + " revoked sessions, none expired: every token last used up to "
                                + java.time.Instant.ofEpochMilli(nowMillis)
                                + " is now refused (all users are signed out "
                                + "once) and the list starts empty. Raise maxRevoked or shorten the idle timeout so that "
                                + "entries leave sooner");
                return true;
            }
        }
        deadlines.put(jti, deadlineMillis);
        byDeadline.add(new Entry(deadlineMillis, jti));
        return false;
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
            Long current = deadlines.get(head.jti);
            if (current == null) {
                continue;
            }
            if (current <= nowMillis) {
                deadlines.remove(head.jti);
                removed++;
            } else {
                byDeadline.add(new Entry(current, head.jti)); // raised since it was queued
            }
        }
        return removed;
    }

    int size() {
        return deadlines.size();
    }

    /** For tests: how many entries wait in the purge queue. */
    synchronized int queueSize() {
        return byDeadline.size();
    }

    long lookups() {
        return lookups.sum();
    }
}
