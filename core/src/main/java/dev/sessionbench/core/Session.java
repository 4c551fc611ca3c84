package dev.sessionbench.core;

import dev.sessionbench.core.spi.SessionAccess;
import dev.sessionbench.core.spi.SizedAttributes;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One session as a request sees it: its ID, its times and its string attributes, plus the changes made
 * since it was loaded, which the store writes on {@link SessionStore#save}. One per request; not thread-safe.
 *
 * <p>Times have millisecond precision. Attribute names and values are strings without unpaired surrogates;
 * their number and size are bounded by the {@link SessionPolicy}.
 *
 * <p>Its public methods are the application's. Stores reach the rest (making and rebuilding sessions, their
 * pending changes, recording a save) through {@link SessionAccess}.
 */
public final class Session {

    static {
        SessionAccess.install(new SessionAccess.Bridge() {
            @Override
            public Session newSession(String id, SessionPolicy policy) {
                return Session.newSession(id, policy);
            }

            @Override
            public Session restore(
                    String id,
                    long createdMillis,
                    long lastAccessedMillis,
                    Map<String, String> attributes,
                    SessionPolicy policy) {
                return Session.restore(id, createdMillis, lastAccessedMillis, attributes, policy);
            }

            @Override
            public Session restoreSized(
                    String id,
                    long createdMillis,
                    long lastAccessedMillis,
                    SizedAttributes attributes,
                    SessionPolicy policy) {
                return new Session(id, policy, createdMillis, lastAccessedMillis, attributes, false);
            }

            @Override
            public long utf8Length(String s) {
                long n = Session.utf8Length(s);
                if (n < 0) {
                    throw unpairedSurrogate("the string", n);
                }
                return n;
            }

            @Override
            public boolean isNew(Session session) {
                return session.isNew;
            }

            @Override
            public boolean hasChanges(Session session) {
                return session.hasChanges();
            }

            @Override
            public Map<String, String> changedAttributes(Session session) {
                return session.changedAttributes();
            }

            @Override
            public Set<String> removedAttributes(Session session) {
                return session.removedAttributes();
            }

            @Override
            public void markSaved(Session session, long accessedAtMillis) {
                session.markSaved(accessedAtMillis);
            }

            @Override
            public void forEachChange(Session session, BiConsumer<String, String> action) {
                if (session.changes != null) {
                    session.changes.forEach(action);
                }
            }

            @Override
            public int changeCount(Session session) {
                return session.changes == null ? 0 : session.changes.size();
            }

            @Override
            public Session withId(Session session, String newId) {
                return session.withId(newId);
            }

            @Override
            public SessionPolicy policy(Session session) {
                return session.policy;
            }
        });
    }

    private final String id;
    private final SessionPolicy policy;
    /** Times in epoch milliseconds; an instant is made only when a caller asks for one. */
    private final long createdMillis;

    private long accessedMillis;
    private boolean isNew;
    /** Attributes as loaded or last saved; never modified. */
    private Map<String, String> saved;
    /**
     * Changes written by the last save, on top of {@link #saved}; null when there are none. Folded into
     * {@code saved} by the next change, so at most one of {@code committed} and {@link #changes} is non-null.
     */
    private Map<String, String> committed;
    /** Name to new value, or to null for a removal; null while there is no change. */
    private Map<String, String> changes;
    /** Saved plus changes, made when {@link #attributes()} is asked for; null when stale or not made. */
    private Map<String, String> view;
    /**
     * Number of attributes and UTF-8 bytes of all names and values, computed on the first change (the bytes read
     * from a {@link SizedAttributes} map, counted otherwise).
     */
    private int count = -1;

    private long bytes = -1;

    private Session(
            String id,
            SessionPolicy policy,
            long createdMillis,
            long accessedMillis,
            Map<String, String> saved,
            boolean isNew) {
        this.id = id;
        this.policy = policy;
        this.createdMillis = createdMillis;
        this.accessedMillis = accessedMillis;
        this.saved = saved;
        this.isNew = isNew;
    }

    /** Returns a new, unsaved session with the given ID, created now by the policy's clock. */
    static Session newSession(String id, SessionPolicy policy) {
        long now = policy.clock().millis();
        return new Session(id, policy, now, now, Map.of(), true);
    }

    /** Returns a stored session rebuilt from its record, with no pending change; the map is kept, read-only. */
    static Session restore(
            String id,
            long createdAtMillis,
            long lastAccessedAtMillis,
            Map<String, String> attributes,
            SessionPolicy policy) {
        return new Session(
                id, policy, createdAtMillis, lastAccessedAtMillis, Collections.unmodifiableMap(attributes), false);
    }

    public String id() {
        return id;
    }

    public Instant createdAt() {
        return Instant.ofEpochMilli(createdMillis);
    }

    public Instant lastAccessedAt() {
        return Instant.ofEpochMilli(accessedMillis);
    }

    /** Returns when the session expires: {@code min(lastAccessedAt + idle timeout, createdAt + absolute timeout)}. */
    public Instant expiresAt() {
        return Instant.ofEpochMilli(policy.deadlineMillis(createdMillis, accessedMillis));
    }

    /** Returns the value of the attribute, or empty when the session has none by that name. */
    public Optional<String> attribute(String name) {
        Objects.requireNonNull(name, "attribute name must not be null");
        return Optional.ofNullable(get(name));
    }

    /** Returns a read-only view of all attributes, including changes not saved yet. */
    public Map<String, String> attributes() {
        Map<String, String> layer = layer();
        if (layer == null) {
            return saved;
        }
        if (view == null) {
            Map<String, String> all = new LinkedHashMap<>(saved);
            apply(layer, all);
            view = Collections.unmodifiableMap(all);
        }
        return view;
    }

    /**
     * Sets an attribute and returns this session. Throws {@link IllegalArgumentException} when the name is
     * empty or too long, when a string has an unpaired surrogate, or when the session would exceed the
     * policy's limits on attribute count or size.
     */
    public Session setAttribute(String name, String value) {
        Objects.requireNonNull(name, "attribute name must not be null");
        Objects.requireNonNull(
                value,
                () -> "value of attribute '" + shorten(name) + "' must not be null; "
                        + "use removeAttribute to remove it");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("attribute name must not be empty");
        }
        if (name.length() > policy.maxNameLength()) {
            throw new IllegalArgumentException("attribute name has " + name.length() + " characters, over the limit of "
                    + policy.maxNameLength() + " (SessionPolicy.maxNameLength)");
        }
        long nameBytes = utf8Length(name);
        if (nameBytes < 0) {
            throw unpairedSurrogate("attribute name", nameBytes);
        }
        long valueBytes = utf8Length(value);
        if (valueBytes < 0) {
            throw unpairedSurrogate("value of attribute '" + shorten(name) + "'", valueBytes);
        }
        prepareChange();
        String old = get(name);
        long newBytes = bytes - (old == null ? 0 : nameBytes + utf8Length(old)) + nameBytes + valueBytes;
        if (newBytes > policy.maxSessionBytes()) {
            throw new IllegalArgumentException("setting attribute '" + shorten(name) + "' would make the session "
                    + newBytes + " bytes of UTF-8 names and values, over the limit of " + policy.maxSessionBytes()
                    + " bytes (SessionPolicy.maxSessionBytes)");
        }
        if (old == null && count >= policy.maxAttributes()) {
            throw new IllegalArgumentException(
                    "the session already has " + count + " attributes, the limit (SessionPolicy.maxAttributes)");
        }
        if (old == null) {
            count++;
        }
        bytes = newBytes;
        changes().put(name, value);
        view = null;
        return this;
    }

    /** Removes an attribute, if present, and returns this session. */
    public Session removeAttribute(String name) {
        Objects.requireNonNull(name, "attribute name must not be null");
        if (get(name) == null) {
            return this;
        }
        prepareChange();
        String old = get(name);
        bytes -= utf8Length(name) + utf8Length(old);
        count--;
        if (saved.containsKey(name)) {
            changes().put(name, null);
        } else {
            changes().remove(name);
        }
        view = null;
        return this;
    }

    /** Returns true until the session has been saved once. */
    boolean isNew() {
        return isNew;
    }

    /** Returns true when attributes were set or removed since the session was loaded or saved. */
    boolean hasChanges() {
        return changes != null && !changes.isEmpty();
    }

    /** Returns the attributes set since the session was loaded or saved, with their new values. */
    private Map<String, String> changedAttributes() {
        if (changes == null) {
            return Map.of();
        }
        if (changes.size() == 1) {
            Map.Entry<String, String> only = changes.entrySet().iterator().next();
            return only.getValue() == null ? Map.of() : Map.of(only.getKey(), only.getValue());
        }
        Map<String, String> set = new LinkedHashMap<>();
        changes.forEach((name, value) -> {
            if (value != null) {
                set.put(name, value);
            }
        });
        return Collections.unmodifiableMap(set);
    }

    /** Returns the names of the stored attributes removed since the session was loaded or saved. */
    private Set<String> removedAttributes() {
        if (changes == null || !changes.containsValue(null)) {
            return Set.of();
        }
        Set<String> removed = new LinkedHashSet<>();
        changes.forEach((name, value) -> {
            if (value == null) {
                removed.add(name);
            }
        });
        return Collections.unmodifiableSet(removed);
    }

    /**
     * Records that the session was written, accessed at {@code accessedAtMillis}: the pending changes become the
     * saved state and the session is no longer new. The last access never moves backwards.
     */
    private void markSaved(long accessedAtMillis) {
        if (accessedAtMillis > accessedMillis) {
            accessedMillis = accessedAtMillis;
        }
        if (changes != null && !changes.isEmpty()) {
            committed = changes;
        }
        changes = null;
        isNew = false;
    }

    /** Returns a copy under another ID, with the same times, attributes and pending changes, new when this is. */
    private Session withId(String newId) {
        Session copy = new Session(newId, policy, createdMillis, accessedMillis, saved, isNew);
        copy.committed = committed;
        if (changes != null) {
            copy.changes = new LinkedHashMap<>(changes);
        }
        copy.count = count;
        copy.bytes = bytes;
        return copy;
    }

    /** Returns the changes on top of {@link #saved}: pending ones, else the last save's; null when none. */
    private Map<String, String> layer() {
        return changes != null ? changes : committed;
    }

    /** Returns the attribute's current value, changes included, or null. */
    private String get(String name) {
        Map<String, String> layer = layer();
        if (layer != null) {
            String v = layer.get(name);
            if (v != null || layer.containsKey(name)) {
                return v;
            }
        }
        return saved.get(name);
    }

    private static void apply(Map<String, String> layer, Map<String, String> into) {
        layer.forEach((name, value) -> {
            if (value == null) {
                into.remove(name);
            } else {
                into.put(name, value);
            }
        });
    }

    /** Before the first change since a save: folds the last save's changes in and counts the attributes. */
    private void prepareChange() {
        if (committed != null) {
            Map<String, String> all = new LinkedHashMap<>(saved);
            apply(committed, all);
            saved = Collections.unmodifiableMap(all);
            committed = null;
        }
        if (count < 0) {
            if (saved instanceof SizedAttributes sized) {
                bytes = sized.utf8Bytes();
            } else {
                long total = 0;
                for (Map.Entry<String, String> e : saved.entrySet()) {
                    total += utf8Length(e.getKey()) + utf8Length(e.getValue());
                }
                bytes = total;
            }
            count = saved.size();
        }
    }

    private Map<String, String> changes() {
        if (changes == null) {
            changes = new LinkedHashMap<>();
        }
        return changes;
    }

    /**
     * Returns the UTF-8 length of {@code s}, or {@code -1 - i} when it holds an unpaired surrogate (which UTF-8
     * cannot carry) at index {@code i}: the caller words the error, so that the common case builds no message.
     */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    n += 4;
                    i++;
                } else {
                    return -1 - i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return -1 - i;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static IllegalArgumentException unpairedSurrogate(String what, long utf8Length) {
        return new IllegalArgumentException(what + " has an unpaired surrogate at index " + (-1 - utf8Length));
    }

    private static String shorten(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "...";
    }

    /** Returns a description without the ID, which must never reach a log line: only its fingerprint. */
    @Override
    public String toString() {
        return "Session[" + SessionIds.fingerprint(id) + ", created " + createdAt() + ", accessed " + lastAccessedAt()
                + ", " + attributes().size() + " attributes" + (isNew ? ", new" : "") + "]";
    }
}
