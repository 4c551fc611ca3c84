package dev.sessionbench.store.memory;

import dev.sessionbench.core.SessionPolicy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One stored session. The attribute map is immutable and replaced as a whole under the map's lock for its key,
 * so a find reads it without a lock; the last access is a volatile that a find moves forward.
 */
final class StoredSession {

    private static final VarHandle LAST_ACCESSED;

    static {
        try {
            LAST_ACCESSED = MethodHandles.lookup().findVarHandle(StoredSession.class, "lastAccessedAt", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String id;
    final long createdAt;
    /** Gives the deadline of the entry's times. */
    final SessionPolicy policy;

    volatile long lastAccessedAt;
    volatile FrozenAttributes attributes;
    /** The principal the attributes name, or null; written under the map's lock for the entry's key. */
    volatile String principal;
    /** Where the entry stands in the expiry index; written by the index. */
    volatile ExpiryIndex.Node indexNode;

    StoredSession(String id, long createdAt, long lastAccessedAt, SessionPolicy policy, FrozenAttributes attributes) {
        this.id = id;
        this.createdAt = createdAt;
        this.policy = policy;
        this.lastAccessedAt = lastAccessedAt;
        this.attributes = attributes;
    }

    /** Returns the deadline in epoch milliseconds: the earlier of the idle and the absolute deadline. */
    long deadline() {
        return policy.deadlineMillis(createdAt, lastAccessedAt);
    }

    /**
     * Moves the last access forward to {@code now}. Each write is of a time later than the one it read, so the
     * last access never goes back past a stored value; of two finds racing in the same moment the earlier time
     * may win, by the milliseconds between them. A release store rather than a full volatile write: a find needs
     * no fence.
     */
    void touch(long now) {
        if (now > lastAccessedAt) {
            LAST_ACCESSED.setRelease(this, now);
        }
    }

    /** Returns a copy under another ID, with the same times and attributes, not yet indexed. */
    StoredSession renamed(String newId) {
        StoredSession copy = new StoredSession(newId, createdAt, lastAccessedAt, policy, attributes);
        copy.principal = principal;
        return copy;
    }
}
