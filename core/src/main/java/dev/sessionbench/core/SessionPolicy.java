package dev.sessionbench.core;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How long sessions live, where time comes from, and how large a session may grow. Immutable; every
 * {@code with} method returns a copy.
 *
 * <p>A session expires at {@code min(lastAccessedAt + idleTimeout, createdAt + absoluteTimeout)}. It belongs to
 * the principal named by its {@linkplain #principalAttribute() principal attribute}, when that attribute is set
 * and not blank; {@link SessionStore#sessionsOf} and {@link SessionStore#invalidateAll} find it by that value.
 */
public final class SessionPolicy {

    /** Default inactivity timeout: 30 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
    /** Default maximum session age: 12 hours. */
    public static final Duration DEFAULT_ABSOLUTE_TIMEOUT = Duration.ofHours(12);
    /** Longest timeout accepted: browsers cap a cookie's lifetime at 400 days. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(400);
    /** Default longest attribute name, in characters. */
    public static final int DEFAULT_MAX_NAME_LENGTH = 256;
    /** Default size of all names and values of one session together, in UTF-8 bytes: 64 KiB. */
    public static final int DEFAULT_MAX_SESSION_BYTES = 64 * 1024;
    /** Default number of attributes one session may hold. */
    public static final int DEFAULT_MAX_ATTRIBUTES = 1024;
    /** Default name of the attribute that names a session's user. */
    public static final String DEFAULT_PRINCIPAL_ATTRIBUTE = "principal";
    /** Default cap on the live sessions of one principal: zero, meaning no cap. */
    public static final int NO_SESSION_CAP = 0;

    private static final SessionPolicy DEFAULTS = new SessionPolicy(
            DEFAULT_IDLE_TIMEOUT,
            DEFAULT_ABSOLUTE_TIMEOUT,
            Clock.systemUTC(),
            new Limits(DEFAULT_MAX_NAME_LENGTH, DEFAULT_MAX_SESSION_BYTES, DEFAULT_MAX_ATTRIBUTES),
            new Principals(DEFAULT_PRINCIPAL_ATTRIBUTE, NO_SESSION_CAP, List.of()));

    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    private final Clock clock;
    private final int maxNameLength;
    private final int maxSessionBytes;
    private final int maxAttributes;
    private final String principalAttribute;
    private final int maxSessionsPerPrincipal;
    private final List<SessionListener> listeners;
    /** The timeouts in milliseconds, for {@link #deadlineMillis}. */
    private final long idleMillis;

    private final long absoluteMillis;

    /** The size limits of a session, as a policy's copies carry them. */
    private record Limits(int maxNameLength, int maxSessionBytes, int maxAttributes) {}

    /** The principal settings and listeners, as a policy's copies carry them. */
    private record Principals(String attribute, int maxSessions, List<SessionListener> listeners) {}

    private SessionPolicy(Duration idleTimeout, Duration absoluteTimeout, Clock clock, Limits limits, Principals p) {
        this.idleTimeout = idleTimeout;
        this.absoluteTimeout = absoluteTimeout;
        this.clock = clock;
        this.maxNameLength = limits.maxNameLength();
        this.maxSessionBytes = limits.maxSessionBytes();
        this.maxAttributes = limits.maxAttributes();
        this.principalAttribute = p.attribute();
        this.maxSessionsPerPrincipal = p.maxSessions();
        this.listeners = p.listeners();
        this.idleMillis = idleTimeout.toMillis();
        this.absoluteMillis = absoluteTimeout.toMillis();
    }

    /** Returns a copy with these timeouts and clock, and this policy's limits, principal settings and listeners. */
    private SessionPolicy withTimes(Duration idle, Duration absolute, Clock newClock) {
        return new SessionPolicy(idle, absolute, newClock, limits(), principals());
    }

    /** Returns a copy with these limits, and this policy's timeouts, clock, principal settings and listeners. */
    private SessionPolicy withLimits(int names, int sessionBytes, int attributes) {
        return new SessionPolicy(
                idleTimeout, absoluteTimeout, clock, new Limits(names, sessionBytes, attributes), principals());
    }

    /** Returns a copy with these principal settings and listeners, and this policy's timeouts, clock and limits. */
    private SessionPolicy withPrincipal(String attribute, int max, List<SessionListener> all) {
        return new SessionPolicy(idleTimeout, absoluteTimeout, clock, limits(), new Principals(attribute, max, all));
    }

    private Limits limits() {
        return new Limits(maxNameLength, maxSessionBytes, maxAttributes);
    }

    private Principals principals() {
        return new Principals(principalAttribute, maxSessionsPerPrincipal, listeners);
    }

    /** Returns the defaults: idle 30 minutes, absolute 12 hours, the system UTC clock, 64 KiB per session. */
    public static SessionPolicy defaults() {
        return DEFAULTS;
    }

    /** Returns a copy with the given inactivity timeout (positive, at most 400 days). */
    public SessionPolicy withIdleTimeout(Duration idle) {
        return withTimes(checkTimeout("idle timeout", idle), absoluteTimeout, clock);
    }

    /** Returns a copy with the given maximum session age (positive, at most 400 days). */
    public SessionPolicy withAbsoluteTimeout(Duration absolute) {
        return withTimes(idleTimeout, checkTimeout("absolute timeout", absolute), clock);
    }

    /** Returns a copy that reads time from the given clock; tests pass a clock they can move. */
    public SessionPolicy withClock(Clock clock) {
        Objects.requireNonNull(clock, "clock must not be null");
        return withTimes(idleTimeout, absoluteTimeout, clock);
    }

    /** Returns a copy that allows attribute names of up to {@code characters} characters (1 to 65,536). */
    public SessionPolicy withMaxNameLength(int characters) {
        return withLimits(checkRange("max name length", characters, 1, 65_536), maxSessionBytes, maxAttributes);
    }

    /** Returns a copy that allows {@code bytes} UTF-8 bytes of names and values per session (1 to 16 MiB). */
    public SessionPolicy withMaxSessionBytes(int bytes) {
        return withLimits(maxNameLength, checkRange("max session bytes", bytes, 1, 16 * 1024 * 1024), maxAttributes);
    }

    /** Returns a copy that allows up to {@code count} attributes per session (1 to 65,536). */
    public SessionPolicy withMaxAttributes(int count) {
        return withLimits(maxNameLength, maxSessionBytes, checkRange("max attributes", count, 1, 65_536));
    }

    /**
     * Returns a copy in which the attribute {@code name} names a session's user (default
     * {@value #DEFAULT_PRINCIPAL_ATTRIBUTE}): a session belongs to the principal that attribute holds.
     */
    public SessionPolicy withPrincipalAttribute(String name) {
        Objects.requireNonNull(name, "principal attribute name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("principal attribute name must not be blank");
        }
        if (name.length() > maxNameLength) {
            throw new IllegalArgumentException("principal attribute name has " + name.length()
                    + " characters, over the limit of " + maxNameLength + " (SessionPolicy.maxNameLength)");
        }
        return withPrincipal(name, maxSessionsPerPrincipal, listeners);
    }

    /**
     * Returns a copy that caps the live sessions of one principal at {@code max}: a save that would give the
     * principal more ends its least recently used sessions (by last access). Zero, the default, means no cap.
     */
    public SessionPolicy withMaxSessionsPerPrincipal(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max sessions per principal must be 0 (no cap) or more, was " + max);
        }
        return withPrincipal(principalAttribute, max, listeners);
    }

    /**
     * Returns a copy that also tells {@code listener} of every session event (after the listeners set before). A
     * store delivers events on a thread of its own, never on the request's; see {@link SessionListener}.
     */
    public SessionPolicy withListener(SessionListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        List<SessionListener> all = new ArrayList<>(listeners);
        all.add(listener);
        return withPrincipal(principalAttribute, maxSessionsPerPrincipal, List.copyOf(all));
    }

    /** Returns a copy whose listeners are exactly {@code listeners}, in that order (an empty list removes them all). */
    public SessionPolicy withListeners(List<SessionListener> listeners) {
        Objects.requireNonNull(listeners, "listeners must not be null");
        for (SessionListener l : listeners) {
            Objects.requireNonNull(l, "listeners must not contain null");
        }
        return withPrincipal(principalAttribute, maxSessionsPerPrincipal, List.copyOf(listeners));
    }

    /** Returns the name of the attribute that names a session's user. */
    public String principalAttribute() {
        return principalAttribute;
    }

    /** Returns the cap on the live sessions of one principal; zero means none. */
    public int maxSessionsPerPrincipal() {
        return maxSessionsPerPrincipal;
    }

    /** Returns the listeners of session events, in the order they hear them. */
    public List<SessionListener> listeners() {
        return listeners;
    }

    /** Returns the principal {@code session} belongs to under this policy, or empty when it has none. */
    public Optional<String> principalOf(Session session) {
        return session.attribute(principalAttribute).filter(p -> !p.isBlank());
    }

    /**
     * Returns the deadline, in epoch milliseconds, of a session created and last accessed at the given epoch
     * milliseconds: {@code min(lastAccessedAt + idle timeout, createdAt + absolute timeout)}, each sum saturating
     * at {@link Long#MAX_VALUE} instead of overflowing.
     */
    public long deadlineMillis(long createdAtMillis, long lastAccessedAtMillis) {
        return Math.min(saturatedAdd(lastAccessedAtMillis, idleMillis), saturatedAdd(createdAtMillis, absoluteMillis));
    }

    /** Returns the absolute deadline, in epoch milliseconds, of a session created then, saturating as above. */
    public long absoluteDeadlineMillis(long createdAtMillis) {
        return saturatedAdd(createdAtMillis, absoluteMillis);
    }

    /** Returns {@code a + b} for a non-negative {@code b}, or {@link Long#MAX_VALUE} when the sum overflows. */
    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration absoluteTimeout() {
        return absoluteTimeout;
    }

    public Clock clock() {
        return clock;
    }

    public int maxNameLength() {
        return maxNameLength;
    }

    public int maxSessionBytes() {
        return maxSessionBytes;
    }

    public int maxAttributes() {
        return maxAttributes;
    }

    private static Duration checkTimeout(String what, Duration value) {
        Objects.requireNonNull(value, () -> what + " must not be null");
        if (value.isNegative() || value.isZero() || value.toMillis() == 0) {
            throw new IllegalArgumentException(what + " must be at least 1 ms, was " + value);
        }
        if (value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(what + " must be at most " + MAX_TIMEOUT.toDays()
                    + " days (the longest cookie lifetime browsers keep), was " + value);
        }
        return value;
    }

    private static int checkRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionPolicy p
                && idleTimeout.equals(p.idleTimeout)
                && absoluteTimeout.equals(p.absoluteTimeout)
                && clock.equals(p.clock)
                && maxNameLength == p.maxNameLength
                && maxSessionBytes == p.maxSessionBytes
                && maxAttributes == p.maxAttributes
                && principalAttribute.equals(p.principalAttribute)
                && maxSessionsPerPrincipal == p.maxSessionsPerPrincipal
                && listeners.equals(p.listeners);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                idleTimeout,
                absoluteTimeout,
                clock,
                maxNameLength,
                maxSessionBytes,
                maxAttributes,
                principalAttribute,
                maxSessionsPerPrincipal,
                listeners);
    }

    @Override
    public String toString() {
        return "SessionPolicy[idle=" + idleTimeout + ", absolute=" + absoluteTimeout + ", clock=" + clock
                + ", maxNameLength=" + maxNameLength + ", maxSessionBytes=" + maxSessionBytes
                + ", maxAttributes=" + maxAttributes + ", principalAttribute=" + principalAttribute
                + ", maxSessionsPerPrincipal=" + maxSessionsPerPrincipal + ", listeners=" + listeners.size() + "]";
    }
}
