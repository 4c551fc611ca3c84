package dev.sessionbench.spring;

import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * A Spring Session {@link SessionRepository} over any {@link SessionStore} of this project: Spring's
 * {@code SessionRepositoryFilter} finds the session of each request here and saves it at the end.
 *
 * <p>What the store does, the repository keeps: a save writes only the attributes the request set or removed (so two
 * concurrent requests both keep their change), {@link StoreSession#changeSessionId} is the store's
 * {@code changeId}, the idle and absolute timeouts are the store's policy, and the times come from the store's
 * record. Attribute values go through an {@link AttributeCodec}: strings as they are, allow-listed types as JSON.
 *
 * <p>Not supported: a per-session idle timeout ({@link StoreSession#setMaxInactiveInterval} refuses any value other
 * than the policy's), and stores that issue a new client value on each save, such as the token store: Spring
 * Session needs an ID that stays the same between saves, so {@link #save} refuses such a store.
 */
public final class StoreSessionRepository implements SessionRepository<StoreSessionRepository.StoreSession> {

    private final SessionStore store;
    private final AttributeCodec codec;

    /** Returns a repository over {@code store} whose attribute values go through {@code codec}. */
    public StoreSessionRepository(SessionStore store, AttributeCodec codec) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
    }

    /** Returns the store beneath this repository. */
    public SessionStore store() {
        return store;
    }

    /** Returns the codec of attribute values. */
    public AttributeCodec codec() {
        return codec;
    }

    /** Returns a new session; it is stored by its first {@link #save}. */
    @Override
    public StoreSession createSession() {
        return new StoreSession(store.create());
    }

    /**
     * Writes what the request changed: the whole session on its first save, then only the attributes set or removed
     * since it was loaded. A session that was not changed, not rotated and is not new writes nothing: the find that
     * loaded it already counted as an access. A stale copy of a session that was invalidated, rotated away or has
     * expired writes nothing either (the store's rule).
     */
    @Override
    public void save(StoreSession session) {
        Objects.requireNonNull(session, "session must not be null");
        dev.sessionbench.core.Session s = session.delegate;
        if (!s.isNew() && !s.hasChanges() && !session.rotated) {
            return;
        }
        String value = store.save(s);
        session.rotated = false;
        if (!value.equals(s.id())) {
            throw new IllegalStateException("the store " + store.getClass().getSimpleName() + " issued a client "
                    + "value other than the session ID on save (a token store does, on every save); Spring Session "
                    + "needs a session ID that stays the same between saves, so use a server-side store "
                    + "(memory:, mapdb:, redis://) with Spring Session");
        }
    }

    /**
     * Returns the session with this ID, or null when the ID is malformed, unknown, expired or invalidated. A
     * malformed ID (any cookie value a client sends) never reaches the store.
     */
    @Override
    public StoreSession findById(String id) {
        if (id == null || !SessionIds.isWellFormed(id)) {
            return null;
        }
        return store.find(id).map(StoreSession::new).orElse(null);
    }

    /** Ends the session with this ID, if it is live: neither the ID nor a later save of any copy brings it back. */
    @Override
    public void deleteById(String id) {
        if (id == null || !SessionIds.isWellFormed(id)) {
            return;
        }
        // the store ends a session it was handed; a find costs one lookup, and only at logout
        store.find(id).ifPresent(store::invalidate);
    }

    @Override
    public String toString() {
        return "StoreSessionRepository[" + store.getClass().getSimpleName() + ", " + codec + "]";
    }

    /**
     * One request's view of a stored session. Values are encoded when set, so a type that is not allowed fails at the
     * {@code setAttribute} call that sets it; a value changed after it was set is saved only when set again. Not
     * thread-safe, like the request it belongs to.
     */
    public final class StoreSession implements Session {

        private dev.sessionbench.core.Session delegate;
        /** Values set or read in this request, so a read returns the same object the request set. */
        private final Map<String, Object> values = new HashMap<>();
        private boolean rotated;

        private StoreSession(dev.sessionbench.core.Session delegate) {
            this.delegate = delegate;
        }

        @Override
        public String getId() {
            return delegate.id();
        }

        /** Returns the new ID: the store's {@code changeId}, after which the old ID stops resolving. */
        @Override
        public String changeSessionId() {
            delegate = store.changeId(delegate);
            rotated = true;
            return delegate.id();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getAttribute(String attributeName) {
            Object value = values.get(attributeName);
            if (value == null) {
                String stored = delegate.attribute(attributeName).orElse(null);
                if (stored == null) {
                    return null;
                }
                value = codec.decode(attributeName, stored);
                values.put(attributeName, value);
            }
            return (T) value;
        }

        @Override
        public Set<String> getAttributeNames() {
            return new LinkedHashSet<>(delegate.attributes().keySet());
        }

        /**
         * Sets the attribute, or removes it when the value is null. Throws {@link IllegalArgumentException} when the
         * value's type is not allowed by the codec or the session would exceed the policy's size limits.
         */
        @Override
        public void setAttribute(String attributeName, Object attributeValue) {
            if (attributeValue == null) {
                removeAttribute(attributeName);
                return;
            }
            delegate.setAttribute(attributeName, codec.encode(attributeName, attributeValue));
            values.put(attributeName, attributeValue);
        }

        @Override
        public void removeAttribute(String attributeName) {
            delegate.removeAttribute(attributeName);
            values.remove(attributeName);
        }

        @Override
        public Instant getCreationTime() {
            return delegate.createdAt();
        }

        /** Ignored: the store records an access, by its policy's clock, on every find and save. */
        @Override
        public void setLastAccessedTime(Instant lastAccessedTime) {
        }

        @Override
        public Instant getLastAccessedTime() {
            return delegate.lastAccessedAt();
        }

        /**
         * Accepts only the policy's idle timeout, the one every session of the store has. Throws
         * {@link UnsupportedOperationException} for any other: set the idle timeout of all sessions with
         * {@code spring.session.timeout} (or {@code server.servlet.session.timeout}) instead.
         */
        @Override
        public void setMaxInactiveInterval(Duration interval) {
            Duration idle = delegate.policy().idleTimeout();
            if (!idle.equals(interval)) {
                throw new UnsupportedOperationException("a session of this store cannot have its own idle timeout ("
                        + interval + " was asked): every session has the store policy's " + idle + "; set it for all "
                        + "sessions with spring.session.timeout or server.servlet.session.timeout");
            }
        }

        /** Returns the policy's idle timeout. */
        @Override
        public Duration getMaxInactiveInterval() {
            return delegate.policy().idleTimeout();
        }

        /** Returns whether the session's deadline (idle or absolute, whichever is first) has passed. */
        @Override
        public boolean isExpired() {
            SessionPolicy policy = delegate.policy();
            return delegate.isExpiredAt(policy.clock().instant());
        }

        /** Returns the session's deadline: the earlier of the idle and the absolute one. */
        public Instant getExpiresAt() {
            return delegate.expiresAt();
        }

        @Override
        public String toString() {
            return "StoreSession[" + delegate + "]";
        }
    }
}
