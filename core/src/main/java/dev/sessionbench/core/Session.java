package dev.sessionbench.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One session as a request sees it: its ID, its times and its string attributes, plus the changes made
 * since it was loaded, which the store writes on {@link SessionStore#save}. One per request; not thread-safe.
 *
 * <p>Times have millisecond precision. Attribute names and values are strings without unpaired surrogates;
 * their number and size are bounded by the {@link SessionPolicy}.
 *
 * <p>The methods marked "for stores" are the contract between a {@link SessionStore} and its sessions;
 * applications do not need them.
 */
public final class Session {

    private final String id;
    private final SessionPolicy policy;
    private final Instant createdAt;
    private Instant lastAccessedAt;
    private boolean isNew;
    /** Attributes as loaded or last saved; never modified. */
    private Map<String, String> saved;
    /** Saved plus changes, created on the first change; null while there is none. */
    private Map<String, String> current;
    /** Name to new value, or to null for a removal; null while there is no change. */
    private Map<String, String> changes;
    /** UTF-8 bytes of all names and values of {@code current}, computed on the first change. */
    private long bytes = -1;

    private Session(String id, SessionPolicy policy, Instant createdAt, Instant lastAccessedAt,
            Map<String, String> saved, boolean isNew) {
        this.id = id;
        this.policy = policy;
        this.createdAt = createdAt;
        this.lastAccessedAt = lastAccessedAt;
        this.saved = saved;
        this.isNew = isNew;
    }

    /** For stores: returns a new, unsaved session with the given ID, created now by the policy's clock. */
    public static Session newSession(String id, SessionPolicy policy) {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(policy, "policy must not be null");
        Instant now = policy.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        return new Session(id, policy, now, now, Map.of(), true);
    }

    /**
     * For stores: returns a stored session rebuilt from its record, with no pending change. The attribute map
     * is kept as it is, read-only; the store must not modify it afterwards.
     */
    public static Session restore(String id, Instant createdAt, Instant lastAccessedAt,
            Map<String, String> attributes, SessionPolicy policy) {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(createdAt, "createdAt must not be null");
        Objects.requireNonNull(lastAccessedAt, "lastAccessedAt must not be null");
        Objects.requireNonNull(attributes, "attributes must not be null");
        Objects.requireNonNull(policy, "policy must not be null");
        return new Session(id, policy, toMillis(createdAt), toMillis(lastAccessedAt),
                Collections.unmodifiableMap(attributes), false);
    }

    public String id() {
        return id;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant lastAccessedAt() {
        return lastAccessedAt;
    }

    /** Returns when the session expires: {@code min(lastAccessedAt + idle timeout, createdAt + absolute timeout)}. */
    public Instant expiresAt() {
        return expiresAt(createdAt, lastAccessedAt, policy);
    }

    /** Returns the deadline of a session with the given times under the given policy. */
    public static Instant expiresAt(Instant createdAt, Instant lastAccessedAt, SessionPolicy policy) {
        Instant idle = lastAccessedAt.plus(policy.idleTimeout());
        Instant absolute = createdAt.plus(policy.absoluteTimeout());
        return idle.isBefore(absolute) ? idle : absolute;
    }

    /** Returns true when the session's deadline is at or before {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt());
    }

    /** Returns the value of the attribute, or empty when the session has none by that name. */
    public Optional<String> attribute(String name) {
        Objects.requireNonNull(name, "attribute name must not be null");
        return Optional.ofNullable(attributes0().get(name));
    }

    /** Returns a read-only view of all attributes, including changes not saved yet. */
    public Map<String, String> attributes() {
        Map<String, String> all = attributes0();
        return all == saved ? all : Collections.unmodifiableMap(all);
    }

    /**
     * Sets an attribute and returns this session. Throws {@link IllegalArgumentException} when the name is
     * empty or too long, when a string has an unpaired surrogate, or when the session would exceed the
     * policy's limits on attribute count or size.
     */
    public Session setAttribute(String name, String value) {
        Objects.requireNonNull(name, "attribute name must not be null");
        Objects.requireNonNull(value, () -> "value of attribute '" + shorten(name) + "' must not be null; "
                + "use removeAttribute to remove it");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("attribute name must not be empty");
        }
        if (name.length() > policy.maxNameLength()) {
            throw new IllegalArgumentException("attribute name has " + name.length()
                    + " characters, over the limit of " + policy.maxNameLength() + " (SessionPolicy.maxNameLength)");
        }
        long nameBytes = utf8Length(name, "attribute name");
        long valueBytes = utf8Length(value, "value of attribute '" + shorten(name) + "'");
        Map<String, String> all = mutable();
        String old = all.get(name);
        long newBytes = bytes - (old == null ? 0 : nameBytes + utf8Length(old, "old value")) + nameBytes + valueBytes;
        if (newBytes > policy.maxSessionBytes()) {
            throw new IllegalArgumentException("setting attribute '" + shorten(name) + "' would make the session "
                    + newBytes + " bytes of UTF-8 names and values, over the limit of " + policy.maxSessionBytes()
                    + " bytes (SessionPolicy.maxSessionBytes)");
        }
        if (old == null && all.size() >= policy.maxAttributes()) {
            throw new IllegalArgumentException("the session already has " + all.size()
                    + " attributes, the limit (SessionPolicy.maxAttributes)");
        }
        all.put(name, value);
        bytes = newBytes;
        changes().put(name, value);
        return this;
    }

    /** Removes an attribute, if present, and returns this session. */
    public Session removeAttribute(String name) {
        Objects.requireNonNull(name, "attribute name must not be null");
        if (!attributes0().containsKey(name)) {
            return this;
        }
        Map<String, String> all = mutable();
        String old = all.remove(name);
        bytes -= utf8Length(name, "attribute name") + utf8Length(old, "old value");
        if (saved.containsKey(name)) {
            changes().put(name, null);
        } else {
            changes().remove(name);
        }
        return this;
    }

    /** For stores: returns true until the session has been saved once. */
    public boolean isNew() {
        return isNew;
    }

    /** For stores: returns true when attributes were set or removed since the session was loaded or saved. */
    public boolean hasChanges() {
        return changes != null && !changes.isEmpty();
    }

    /** For stores: returns the attributes set since the session was loaded or saved, with their new values. */
    public Map<String, String> changedAttributes() {
        if (changes == null) {
            return Map.of();
        }
        Map<String, String> set = new LinkedHashMap<>();
        changes.forEach((name, value) -> {
            if (value != null) {
                set.put(name, value);
            }
        });
        return Collections.unmodifiableMap(set);
    }

    /** For stores: returns the names of the stored attributes removed since the session was loaded or saved. */
    public Set<String> removedAttributes() {
        if (changes == null) {
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
     * For stores: records that the session was written, accessed at {@code accessedAt}: the pending changes
     * become the saved state and the session is no longer new. The last access never moves backwards.
     */
    public void markSaved(Instant accessedAt) {
        Objects.requireNonNull(accessedAt, "accessedAt must not be null");
        Instant at = accessedAt.truncatedTo(ChronoUnit.MILLIS);
        if (at.isAfter(lastAccessedAt)) {
            lastAccessedAt = at;
        }
        if (current != null) {
            saved = Collections.unmodifiableMap(current);
            current = null;
        }
        changes = null;
        isNew = false;
    }

    /**
     * For stores: returns a copy of this session under another ID, with the same times, attributes and
     * pending changes. The copy is new exactly when this session is.
     */
    public Session withId(String newId) {
        Objects.requireNonNull(newId, "newId must not be null");
        Session copy = new Session(newId, policy, createdAt, lastAccessedAt, saved, isNew);
        if (current != null) {
            copy.current = new LinkedHashMap<>(current);
        }
        if (changes != null) {
            copy.changes = new LinkedHashMap<>(changes);
        }
        copy.bytes = bytes;
        return copy;
    }

    /** For stores: returns the policy this session was made under. */
    public SessionPolicy policy() {
        return policy;
    }

    private Map<String, String> attributes0() {
        return current != null ? current : saved;
    }

    private Map<String, String> mutable() {
        if (current == null) {
            current = new LinkedHashMap<>(saved);
            long total = 0;
            for (Map.Entry<String, String> e : saved.entrySet()) {
                total += utf8Length(e.getKey(), "attribute name") + utf8Length(e.getValue(), "attribute value");
            }
            bytes = total;
        }
        return current;
    }

    private Map<String, String> changes() {
        if (changes == null) {
            changes = new LinkedHashMap<>();
        }
        return changes;
    }

    /** Returns the instant at millisecond precision; stores mostly pass instants that already are. */
    private static Instant toMillis(Instant t) {
        return t.getNano() % 1_000_000 == 0 ? t : t.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Returns the UTF-8 length of {@code s}; throws when it holds an unpaired surrogate, which UTF-8 cannot carry. */
    static long utf8Length(String s, String what) {
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
                    throw new IllegalArgumentException(what + " has an unpaired surrogate at index " + i);
                }
            } else if (Character.isLowSurrogate(c)) {
                throw new IllegalArgumentException(what + " has an unpaired surrogate at index " + i);
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static String shorten(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "...";
    }

    /** Returns a description without the ID, which must never reach a log line: only its fingerprint. */
    @Override
    public String toString() {
        return "Session[" + SessionIds.fingerprint(id) + ", created " + createdAt + ", accessed " + lastAccessedAt
                + ", " + attributes0().size() + " attributes" + (isNew ? ", new" : "") + "]";
    }
}
