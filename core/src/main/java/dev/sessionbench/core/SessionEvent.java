package dev.sessionbench.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a session. A session is named by its {@linkplain SessionIds#fingerprint fingerprint}
 * (the first 12 hex digits of the SHA-256 of its ID): enough to tell sessions apart in a log or an audit trail, and
 * useless to a reader who would present it as a cookie. {@link #at} is the store's policy clock at the event.
 */
public sealed interface SessionEvent {

    /** Returns the fingerprint of the session the event is about (for a rotation: its new ID's). */
    String fingerprint();

    /** Returns the principal the session belonged to at the event, or empty when it had none. */
    Optional<String> principal();

    /** Returns when the event happened, by the policy's clock. */
    Instant at();

    /** Why a session was ended before its deadline. */
    enum Cause {
        /** The application called {@link SessionStore#invalidate}. */
        APPLICATION,
        /** The application called {@link SessionStore#invalidateAll} for the session's principal. */
        INVALIDATE_ALL,
        /** A newer session of the same principal went over {@link SessionPolicy#maxSessionsPerPrincipal}. */
        CAP
    }

    /** The first save of a session stored it. */
    record Created(String fingerprint, Optional<String> principal, Instant at) implements SessionEvent {
        public Created {
            check(fingerprint, principal, at);
        }
    }

    /** {@link SessionStore#changeId} moved a stored session from the old ID to the new one. */
    record Rotated(String oldFingerprint, String fingerprint, Optional<String> principal, Instant at)
            implements SessionEvent {
        public Rotated {
            Objects.requireNonNull(oldFingerprint, "oldFingerprint must not be null");
            check(fingerprint, principal, at);
        }
    }

    /** A stored session was ended before its deadline, for the given cause. */
    record Invalidated(String fingerprint, Optional<String> principal, Cause cause, Instant at)
            implements SessionEvent {
        public Invalidated {
            Objects.requireNonNull(cause, "cause must not be null");
            check(fingerprint, principal, at);
        }
    }

    /** A purge reclaimed a stored session that reached its deadline. */
    record Expired(String fingerprint, Optional<String> principal, Instant at) implements SessionEvent {
        public Expired {
            check(fingerprint, principal, at);
        }
    }

    private static void check(String fingerprint, Optional<String> principal, Instant at) {
        Objects.requireNonNull(fingerprint, "fingerprint must not be null");
        Objects.requireNonNull(principal, "principal must not be null; use Optional.empty()");
        Objects.requireNonNull(at, "at must not be null");
    }
}
