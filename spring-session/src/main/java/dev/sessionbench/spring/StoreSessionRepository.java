package dev.sessionbench.spring;

import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.spi.SessionAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.session.FindByIndexNameSessionRepository;
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
 * <p>The principal index is the store's: {@link #findByPrincipalName} lists the live sessions whose principal
 * attribute ({@link SessionPolicy#principalAttribute()}, default {@code "principal"}) holds that name. An application
 * sets it as a plain string under either that name or {@link #PRINCIPAL_NAME_INDEX_NAME}; both are the same stored
 * attribute. No other index exists: any other index name finds nothing, as in Spring's own repositories.
 *
 * <p>Not supported: a per-session idle timeout ({@link StoreSession#setMaxInactiveInterval} refuses any value other
 * than the policy's), and stores that issue a new client value on each save, such as the token store: Spring
 * Session needs an ID that stays the same between saves, so {@link #save} refuses such a store (it cannot list a
 * principal's sessions either). There is no call that ends all sessions of a principal at once: list them with
 * {@link #findByPrincipalName} and {@link #deleteById} each, or use the store's {@code invalidateAll}.
 */
public final class StoreSessionRepository
        implements FindByIndexNameSessionRepository<StoreSessionRepository.StoreSession> {

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
        if (!SessionAccess.isNew(s) && !SessionAccess.hasChanges(s) && !session.rotated) {
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

    /**
     * Returns the live sessions of the principal by ID when {@code indexName} is {@link #PRINCIPAL_NAME_INDEX_NAME},
     * and an empty map for any other index name (there is no other index). Listing is not an access: no deadline
     * slides. Throws {@link IllegalArgumentException} when {@code indexName} is null, or the principal name is null or
     * blank; {@link UnsupportedOperationException} from a store that cannot list a principal's sessions.
     */
    @Override
    public Map<String, StoreSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        if (indexName == null) {
            throw new IllegalArgumentException(
                    "indexName must not be null; the index of this repository is " + PRINCIPAL_NAME_INDEX_NAME);
        }
        if (!PRINCIPAL_NAME_INDEX_NAME.equals(indexName)) {
            return Collections.emptyMap();
        }
        Map<String, StoreSession> byId = new LinkedHashMap<>();
        for (dev.sessionbench.core.Session s : store.sessionsOf(indexValue)) {
            byId.put(s.id(), new StoreSession(s));
        }
        return byId;
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

        /** Returns the stored name of an attribute: the policy's principal attribute for Spring's principal index. */
        private String stored(String attributeName) {
            return PRINCIPAL_NAME_INDEX_NAME.equals(attributeName)
                    ? SessionAccess.policy(delegate).principalAttribute()
                    : attributeName;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getAttribute(String name) {
            String attributeName = stored(name);
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
         * Sets the attribute, or removes it when the value is null. {@link #PRINCIPAL_NAME_INDEX_NAME} sets the
         * policy's principal attribute. Throws {@link IllegalArgumentException} when the value's type is not allowed by
         * the codec, when a principal is not a plain string, or the session would exceed the policy's size limits.
         */
        @Override
        public void setAttribute(String name, Object attributeValue) {
            String attributeName = stored(name);
            if (attributeValue == null) {
                removeAttribute(attributeName);
                return;
            }
            String encoded = codec.encode(attributeName, attributeValue);
            if (attributeName.equals(SessionAccess.policy(delegate).principalAttribute())
                    && !encoded.equals(attributeValue)) {
                // the store indexes the stored string, so it must be the name findByPrincipalName is asked for
                throw new IllegalArgumentException("the principal attribute '" + name + "' must be a String stored as "
                        + "it is (the user name findByPrincipalName looks up), not a "
                        + attributeValue.getClass().getName()
                        + (attributeValue instanceof String ? " starting with U+0001" : ""));
            }
            delegate.setAttribute(attributeName, encoded);
            values.put(attributeName, attributeValue);
        }

        /** Removes the attribute; {@link #PRINCIPAL_NAME_INDEX_NAME} removes the policy's principal attribute. */
        @Override
        public void removeAttribute(String name) {
            String attributeName = stored(name);
            delegate.removeAttribute(attributeName);
            values.remove(attributeName);
        }

        @Override
        public Instant getCreationTime() {
            return delegate.createdAt();
        }

        /** Ignored: the store records an access, by its policy's clock, on every find and save. */
        @Override
        public void setLastAccessedTime(Instant lastAccessedTime) {}

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
            Duration idle = SessionAccess.policy(delegate).idleTimeout();
            if (!idle.equals(interval)) {
                throw new UnsupportedOperationException("a session of this store cannot have its own idle timeout ("
                        + interval + " was asked): every session has the store policy's " + idle + "; set it for all "
                        + "sessions with spring.session.timeout or server.servlet.session.timeout");
            }
        }

        /** Returns the policy's idle timeout. */
        @Override
        public Duration getMaxInactiveInterval() {
            return SessionAccess.policy(delegate).idleTimeout();
        }

        /** Returns whether the session's deadline (idle or absolute, whichever is first) has passed. */
        @Override
        public boolean isExpired() {
            SessionPolicy policy = SessionAccess.policy(delegate);
            return SessionAccess.isExpiredAt(delegate, policy.clock().instant());
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
