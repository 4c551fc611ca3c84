package dev.sessionbench.core.spi;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The store-facing half of {@link Session}, for store implementations (and adapters that act as one), not for
 * applications: how a store makes and rebuilds sessions, reads their pending changes and records a save.
 *
 * <p>{@link Session} installs the only {@link Bridge} from its static initializer, before any other code can;
 * every method here delegates to it. A session is not thread-safe, so neither are these calls on one session.
 */
public final class SessionAccess {

    /**
     * The operations {@link Session} gives this class. Only {@link Session} can install one; an instance made
     * elsewhere is refused, so the interface being public grants nothing.
     */
    public interface Bridge {
        Session newSession(String id, SessionPolicy policy);

        Session restore(
                String id,
                long createdMillis,
                long lastAccessedMillis,
                Map<String, String> attributes,
                SessionPolicy policy);

        Session restoreSized(
                String id,
                long createdMillis,
                long lastAccessedMillis,
                SizedAttributes attributes,
                SessionPolicy policy);

        long utf8Length(String s);

        boolean isNew(Session session);

        boolean hasChanges(Session session);

        Map<String, String> changedAttributes(Session session);

        Set<String> removedAttributes(Session session);

        void markSaved(Session session, long accessedAtMillis);

        void forEachChange(Session session, BiConsumer<String, String> action);

        int changeCount(Session session);

        Session withId(Session session, String newId);

        SessionPolicy policy(Session session);
    }

    private static Bridge installed;

    private SessionAccess() {}

    /**
     * Called once, by {@link Session}'s static initializer; throws {@link IllegalStateException} on any other
     * call. Initializing {@link Session} first makes sure its own call always comes first.
     */
    public static void install(Bridge bridge) {
        Objects.requireNonNull(bridge, "bridge must not be null");
        initialize(Session.class);
        synchronized (SessionAccess.class) {
            if (installed != null) {
                throw new IllegalStateException("the session bridge is installed by Session only");
            }
            installed = bridge;
        }
    }

    /** Returns a new, unsaved session with the given ID, created now by the policy's clock. */
    public static Session newSession(String id, SessionPolicy policy) {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(policy, "policy must not be null");
        return Holder.BRIDGE.newSession(id, policy);
    }

    /**
     * Returns a stored session rebuilt from its record, with no pending change; times in epoch milliseconds (no
     * instant is made unless a caller asks for one). The attribute map is kept as it is, read-only; the store must
     * not modify it afterwards.
     */
    public static Session restore(
            String id,
            long createdAtMillis,
            long lastAccessedAtMillis,
            Map<String, String> attributes,
            SessionPolicy policy) {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(attributes, "attributes must not be null");
        Objects.requireNonNull(policy, "policy must not be null");
        return Holder.BRIDGE.restore(id, createdAtMillis, lastAccessedAtMillis, attributes, policy);
    }

    /**
     * As {@link #restore}, for a store that keeps each session's attributes in an immutable {@link SizedAttributes}
     * map: the session shows the map as it is and takes its size from it at the first change. Nothing here reads
     * the map, so a find that only returns the session never touches it.
     */
    public static Session restoreSized(
            String id,
            long createdAtMillis,
            long lastAccessedAtMillis,
            SizedAttributes attributes,
            SessionPolicy policy) {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(attributes, "attributes must not be null");
        Objects.requireNonNull(policy, "policy must not be null");
        return Holder.BRIDGE.restoreSized(id, createdAtMillis, lastAccessedAtMillis, attributes, policy);
    }

    /**
     * Returns the number of bytes of {@code s} in UTF-8, as a session counts its attributes against
     * {@link SessionPolicy#maxSessionBytes()}. Throws {@link IllegalArgumentException} when it has an unpaired
     * surrogate, which UTF-8 cannot carry.
     */
    public static long utf8Length(String s) {
        Objects.requireNonNull(s, "s must not be null");
        return Holder.BRIDGE.utf8Length(s);
    }

    /** Returns true when the session's deadline ({@link Session#expiresAt()}) is at or before {@code now}. */
    public static boolean isExpiredAt(Session session, Instant now) {
        return !now.isBefore(session.expiresAt());
    }

    /** Returns true until the session has been saved once. */
    public static boolean isNew(Session session) {
        return Holder.BRIDGE.isNew(session);
    }

    /** Returns true when attributes were set or removed since the session was loaded or saved. */
    public static boolean hasChanges(Session session) {
        return Holder.BRIDGE.hasChanges(session);
    }

    /** Returns the attributes set since the session was loaded or saved, with their new values. */
    public static Map<String, String> changedAttributes(Session session) {
        return Holder.BRIDGE.changedAttributes(session);
    }

    /** Returns the names of the stored attributes removed since the session was loaded or saved. */
    public static Set<String> removedAttributes(Session session) {
        return Holder.BRIDGE.removedAttributes(session);
    }

    /**
     * Records that the session was written, accessed at {@code accessedAt}: the pending changes become the saved
     * state and the session is no longer new. The last access never moves backwards.
     */
    public static void markSaved(Session session, Instant accessedAt) {
        Objects.requireNonNull(accessedAt, "accessedAt must not be null");
        Holder.BRIDGE.markSaved(session, accessedAt.toEpochMilli());
    }

    /** As {@link #markSaved(Session, Instant)}, with the time of the access in epoch milliseconds. */
    public static void markSaved(Session session, long accessedAtMillis) {
        Holder.BRIDGE.markSaved(session, accessedAtMillis);
    }

    /**
     * Calls {@code action} with each attribute set since the session was loaded or saved and its new value, and
     * with each removed one and {@code null}, in the order they were first changed; makes no copy.
     */
    public static void forEachChange(Session session, BiConsumer<String, String> action) {
        Objects.requireNonNull(action, "action must not be null");
        Holder.BRIDGE.forEachChange(session, action);
    }

    /** Returns how many attributes were set or removed since the session was loaded or saved. */
    public static int changeCount(Session session) {
        return Holder.BRIDGE.changeCount(session);
    }

    /**
     * Returns a copy of the session under another ID, with the same times, attributes and pending changes. The
     * copy is new exactly when the session is.
     */
    public static Session withId(Session session, String newId) {
        Objects.requireNonNull(newId, "newId must not be null");
        return Holder.BRIDGE.withId(session, newId);
    }

    /** Returns the policy the session was made under. */
    public static SessionPolicy policy(Session session) {
        return Holder.BRIDGE.policy(session);
    }

    private static void initialize(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(type.getName() + " cannot be found by its own class loader", e);
        }
    }

    /** Reads the installed bridge once, after {@link Session} is initialized, into a constant. */
    private static final class Holder {
        static final Bridge BRIDGE = bridge();

        private static Bridge bridge() {
            initialize(Session.class);
            synchronized (SessionAccess.class) {
                if (installed == null) {
                    throw new IllegalStateException("Session did not install its bridge");
                }
                return installed;
            }
        }
    }
}
