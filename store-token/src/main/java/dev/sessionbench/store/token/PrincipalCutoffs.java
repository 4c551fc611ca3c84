package dev.sessionbench.store.token;

import dev.sessionbench.core.SessionStoreFullException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The "not before" instants that {@code invalidateAll} records, one per principal: every token of the principal whose
 * session was created at or before it is refused. An entry is kept until no such token can still be valid (its
 * instant plus the absolute timeout), and at most {@code capacity} at once. Lookups are lock-free.
 */
final class PrincipalCutoffs {

    private final int capacity;
    private final long absoluteMillis;
    private final ConcurrentHashMap<String, Long> cutoffs = new ConcurrentHashMap<>();

    PrincipalCutoffs(int capacity, long absoluteMillis) {
        this.capacity = capacity;
        this.absoluteMillis = absoluteMillis;
    }

    /** Returns true when a session of {@code principal} created at {@code createdMillis} is refused. */
    boolean refuses(String principal, long createdMillis) {
        Long cutoff = cutoffs.get(principal);
        return cutoff != null && createdMillis <= cutoff;
    }

    /**
     * Refuses every session of the principal created at or before {@code nowMillis}. Throws
     * {@link SessionStoreFullException} when the table is full even after a purge: a logout everywhere that cannot be
     * recorded must not look as if it worked.
     */
    synchronized void cut(String principal, long nowMillis) {
        if (!cutoffs.containsKey(principal) && cutoffs.size() >= capacity) {
            purge(nowMillis);
            if (cutoffs.size() >= capacity) {
                throw new SessionStoreFullException("the token store's revocation denylist holds its maximum of "
                        + capacity + " principals logged out everywhere, none of them old enough to drop; raise "
                        + "maxRevoked, or shorten the absolute timeout so entries leave sooner");
            }
        }
        cutoffs.merge(principal, nowMillis, Math::max);
    }

    /** Removes the entries no token can outlive any more and returns how many. */
    synchronized long purge(long nowMillis) {
        int before = cutoffs.size();
        cutoffs.values().removeIf(cutoff -> cutoff + absoluteMillis < nowMillis);
        return before - cutoffs.size();
    }

    int size() {
        return cutoffs.size();
    }
}
