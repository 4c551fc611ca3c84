package dev.sessionbench.store.memory;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionEvent;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStoreFullException;
import dev.sessionbench.core.StaleSessionException;
import dev.sessionbench.core.spi.AbstractSessionStore;
import dev.sessionbench.core.spi.BackgroundPurge;
import dev.sessionbench.core.spi.SessionAccess;
import dev.sessionbench.core.spi.SessionEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sessions in the JVM heap: the fastest strategy, and the one that loses every session when the process ends
 * and shares none between processes. By default it holds at most {@value #DEFAULT_MAX_SESSIONS} sessions and
 * purges expired ones on a daemon thread every minute ({@link #DEFAULT_PURGE_INTERVAL}).
 *
 * <p>A find is a lock-free read of a {@link ConcurrentHashMap} plus a volatile write of the last access; a save
 * locks only its own session's bin. Expired sessions are never returned; {@link #purgeExpired} reclaims them
 * through an index of deadlines, in time proportional to what it removes.
 *
 * <p>A second index beside the map lists the IDs of each principal's sessions; every path that removes a session
 * (invalidate, invalidateAll, the per-principal cap, changeId, purge) takes it out of that index too, so it never
 * holds more than the map does. Events go to the policy's listeners through {@link SessionEvents}.
 */
public final class MemorySessionStore extends AbstractSessionStore {

    /** No cap on live sessions ({@code maxSessions=unlimited}). */
    public static final long UNLIMITED = Long.MAX_VALUE;
    /** A purge interval that turns the background purge off ({@code purgeInterval=0}). */
    public static final Duration NO_BACKGROUND_PURGE = Duration.ZERO;
    /**
     * Default cap on live sessions: about 40 MiB of small sessions, so a flood of cookieless requests cannot
     * exhaust a default heap. At the cap a new session is refused rather than an existing one evicted.
     */
    public static final long DEFAULT_MAX_SESSIONS = 100_000;
    /** Default background purge interval, as the MapDB store's. */
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(1);

    private final Clock clock;
    private final ConcurrentMap<String, StoredSession> sessions;
    private final ExpiryIndex index = new ExpiryIndex();
    private final long maxSessions;
    /** Live sessions counted exactly, only when a cap is set (an uncapped store keeps no shared counter). */
    private final AtomicLong reserved = new AtomicLong();

    private final Duration purgeInterval;
    private final BackgroundPurge purger;
    /** Principal to the IDs of its stored sessions; a set is removed when it becomes empty. */
    private final ConcurrentMap<String, Set<String>> byPrincipal = new ConcurrentHashMap<>();

    private final String principalAttribute;
    private final int maxPerPrincipal;
    private final SessionEvents events;
    /** Index entries the last purge examined; read by tests to show a purge's cost. */
    volatile long lastPurgeExamined;

    private MemorySessionStore(Builder b) {
        super("memory store", b.policy);
        this.clock = b.policy.clock();
        this.sessions = b.map != null ? b.map : new ConcurrentHashMap<>();
        this.maxSessions = b.maxSessions;
        this.purgeInterval = b.purgeInterval;
        this.principalAttribute = b.policy.principalAttribute();
        this.maxPerPrincipal = b.policy.maxSessionsPerPrincipal();
        this.events = SessionEvents.of("memory store", b.policy);
        this.purger = BackgroundPurge.start("memory store", b.purgeInterval, state, this::purgeExpired);
    }

    /**
     * Returns a builder with the defaults: {@link SessionPolicy#defaults()}, {@value #DEFAULT_MAX_SESSIONS}
     * sessions at most, a background purge every {@link #DEFAULT_PURGE_INTERVAL}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a store with the given policy and the other defaults. */
    public static MemorySessionStore open(SessionPolicy policy) {
        return builder().policy(policy).build();
    }

    @Override
    protected Optional<Session> doFind(String clientValue) {
        StoredSession e = sessions.get(clientValue);
        if (e == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        if (now >= e.deadline()) {
            return Optional.empty();
        }
        e.touch(now);
        return Optional.of(SessionAccess.restoreSized(e.id, e.createdAt, now, e.attributes, policy));
    }

    @Override
    public String save(Session session) {
        state.checkSession(session);
        long now = clock.millis();
        boolean written = SessionAccess.isNew(session) ? insert(session, now) : update(session, now);
        if (written) {
            SessionAccess.markSaved(session, now);
        }
        return session.id();
    }

    private boolean insert(Session session, long now) {
        StoredSession e = new StoredSession(
                session.id(),
                session.createdAt().toEpochMilli(),
                now,
                policy,
                FrozenAttributes.merge(FrozenAttributes.EMPTY, session));
        if (now >= e.deadline()) {
            return false; // created so long ago that its absolute deadline has passed
        }
        reserveSlot();
        if (sessions.putIfAbsent(e.id, e) != null) {
            releaseSlot();
            throw new IllegalStateException("a new session's ID is already stored (" + SessionIds.fingerprint(e.id)
                    + "): was this session created by another store?");
        }
        index.add(e);
        e.principal = principalIn(e.attributes);
        if (e.principal != null) {
            indexAdd(e.principal, e);
        }
        if (events.enabled()) {
            events.publish(new SessionEvent.Created(
                    SessionIds.fingerprint(e.id), Optional.ofNullable(e.principal), Instant.ofEpochMilli(now)));
        }
        enforceCap(e, now);
        return true;
    }

    private boolean update(Session session, long now) {
        boolean[] written = {false};
        boolean[] joined = {false};
        sessions.computeIfPresent(session.id(), (id, e) -> {
            if (now >= e.deadline()) {
                return e; // expired: a late save does not revive it; the purge reclaims it
            }
            if (SessionAccess.hasChanges(session)) {
                e.attributes = FrozenAttributes.merge(e.attributes, session);
                String principal = principalIn(e.attributes);
                if (!Objects.equals(principal, e.principal)) {
                    if (e.principal != null) {
                        indexRemove(e.principal, e.id);
                    }
                    e.principal = principal;
                    if (principal != null) {
                        indexAdd(principal, e);
                    }
                    joined[0] = principal != null;
                }
            }
            e.touch(now);
            written[0] = true;
            return e;
        });
        if (joined[0]) {
            StoredSession e = sessions.get(session.id());
            if (e != null) {
                enforceCap(e, now);
            }
        }
        return written[0];
    }

    @Override
    protected Session doChangeId(Session session) {
        String newId = SessionIds.generate();
        // The removal is atomic: of two rotations of one session exactly one gets the entry, and the other is told.
        StoredSession old = sessions.remove(session.id());
        if (old == null) {
            throw StaleSessionException.rotatedOrEnded("memory store", SessionIds.fingerprint(session.id()));
        }
        index.remove(old);
        long now = clock.millis();
        if (now >= old.deadline()) {
            releaseSlot();
            ended(old, null, now);
            throw StaleSessionException.expired("memory store", SessionIds.fingerprint(session.id()));
        }
        StoredSession moved = old.renamed(newId);
        sessions.put(newId, moved);
        index.add(moved);
        unindexPrincipal(old);
        if (moved.principal != null) {
            indexAdd(moved.principal, moved);
        }
        if (events.enabled()) {
            events.publish(new SessionEvent.Rotated(
                    SessionIds.fingerprint(old.id),
                    SessionIds.fingerprint(newId),
                    Optional.ofNullable(moved.principal),
                    Instant.ofEpochMilli(now)));
        }
        return SessionAccess.withId(session, newId);
    }

    @Override
    protected void doInvalidate(Session session) {
        StoredSession e = sessions.remove(session.id());
        if (e != null) {
            index.remove(e);
            releaseSlot();
            ended(e, SessionEvent.Cause.APPLICATION, clock.millis());
        }
    }

    @Override
    public List<Session> sessionsOf(String principal) {
        state.checkPrincipal(principal);
        Set<String> ids = byPrincipal.get(principal);
        if (ids == null) {
            return List.of();
        }
        long now = clock.millis();
        List<Session> live = new ArrayList<>(ids.size());
        for (StoredSession e : liveEntries(principal, ids, now)) {
            live.add(SessionAccess.restoreSized(e.id, e.createdAt, e.lastAccessedAt, e.attributes, policy));
        }
        return live;
    }

    @Override
    public void invalidateAll(String principal) {
        state.checkPrincipal(principal);
        Set<String> ids = byPrincipal.get(principal);
        if (ids == null) {
            return;
        }
        long now = clock.millis();
        for (String id : List.copyOf(ids)) {
            StoredSession e = sessions.get(id);
            if (e != null && principal.equals(e.principal)) {
                remove(e, now < e.deadline() ? SessionEvent.Cause.INVALIDATE_ALL : null, now);
            } else {
                indexRemove(principal, id);
            }
        }
    }

    /** Returns the live stored sessions of the principal; drops IDs the index holds for no such session. */
    private List<StoredSession> liveEntries(String principal, Set<String> ids, long now) {
        List<StoredSession> live = new ArrayList<>(ids.size());
        for (String id : ids) {
            StoredSession e = sessions.get(id);
            if (e == null || !principal.equals(e.principal)) {
                indexRemove(principal, id);
            } else if (now < e.deadline()) {
                live.add(e);
            }
        }
        return live;
    }

    /** Ends the least recently used sessions of {@code saved}'s principal beyond the policy's cap. */
    private void enforceCap(StoredSession saved, long now) {
        String principal = saved.principal;
        if (maxPerPrincipal == 0 || principal == null) {
            return;
        }
        Set<String> ids = byPrincipal.get(principal);
        if (ids == null || ids.size() <= maxPerPrincipal) {
            return;
        }
        List<StoredSession> others = new ArrayList<>(liveEntries(principal, ids, now));
        others.remove(saved);
        int excess = others.size() + 1 - maxPerPrincipal;
        if (excess <= 0) {
            return;
        }
        others.sort(Comparator.comparingLong((StoredSession e) -> e.lastAccessedAt));
        for (StoredSession e : others.subList(0, excess)) {
            remove(e, SessionEvent.Cause.CAP, now);
        }
    }

    /** Removes the entry if it is still stored, announcing the cause (or its expiry when the cause is null). */
    private void remove(StoredSession e, SessionEvent.Cause cause, long now) {
        if (sessions.remove(e.id, e)) {
            index.remove(e);
            releaseSlot();
            ended(e, cause, now);
        }
    }

    /** Takes a removed entry out of the principal index and announces its end (an expiry when the cause is null). */
    private void ended(StoredSession e, SessionEvent.Cause cause, long now) {
        unindexPrincipal(e);
        if (events.enabled()) {
            String fingerprint = SessionIds.fingerprint(e.id);
            Optional<String> principal = Optional.ofNullable(e.principal);
            Instant at = Instant.ofEpochMilli(now);
            events.publish(
                    cause == null
                            ? new SessionEvent.Expired(fingerprint, principal, at)
                            : new SessionEvent.Invalidated(fingerprint, principal, cause, at));
        }
    }

    private void unindexPrincipal(StoredSession removed) {
        String principal = removed.principal;
        if (principal != null) {
            indexRemove(principal, removed.id);
        }
    }

    /** Adds the entry's ID to the principal's set, and takes it out again when the entry was removed meanwhile. */
    private void indexAdd(String principal, StoredSession e) {
        byPrincipal.compute(principal, (p, ids) -> {
            Set<String> set = ids != null ? ids : ConcurrentHashMap.newKeySet();
            set.add(e.id);
            return set;
        });
        if (sessions.get(e.id) != e) {
            indexRemove(principal, e.id);
        }
    }

    private void indexRemove(String principal, String id) {
        byPrincipal.computeIfPresent(principal, (p, ids) -> {
            ids.remove(id);
            return ids.isEmpty() ? null : ids;
        });
    }

    /** Returns the principal the attributes name, or null when the principal attribute is absent or blank. */
    private String principalIn(Map<String, String> attributes) {
        String principal = attributes.get(principalAttribute);
        return principal == null || principal.isBlank() ? null : principal;
    }

    /** For tests: returns how many principals the index holds. */
    int indexedPrincipals() {
        return byPrincipal.size();
    }

    @Override
    public long purgeExpired() {
        state.checkOpen();
        long now = clock.millis();
        long removed = 0;
        List<StoredSession> due = index.drainDue(now);
        // Two passes. The lock-free lookups of the first depend on no other, so the processor overlaps their cache
        // misses (at a million live sessions little that a purge reads is still cached); the locked removals of
        // the second then find each session's bin in cache instead of waiting on memory for one after another.
        for (int i = 0; i < due.size(); i++) {
            if (sessions.get(due.get(i).id) != due.get(i)) {
                due.set(i, null); // removed or rotated since it was indexed: nothing left to purge
            }
        }
        for (StoredSession e : due) {
            if (e == null) {
                continue;
            }
            // Removed only if it is still the one stored under its ID and its deadline has passed.
            boolean[] expired = {false};
            StoredSession stored = sessions.computeIfPresent(e.id, (id, current) -> {
                if (current == e && now >= current.deadline()) {
                    expired[0] = true;
                    return null;
                }
                return current;
            });
            if (expired[0]) {
                removed++;
                releaseSlot();
                ended(e, null, now);
            } else if (stored == e) {
                index.add(e); // touched since it was indexed: index it at its new deadline
            }
        }
        lastPurgeExamined = due.size();
        return removed;
    }

    /** Returns the number of sessions held, expired ones not yet purged included. */
    public long size() {
        state.checkOpen();
        return sessions.size();
    }

    /** Returns the cap on live sessions; {@link #UNLIMITED} for none. */
    public long maxSessions() {
        return maxSessions;
    }

    /** Returns the background purge interval; zero when there is no background purge. */
    public Duration purgeInterval() {
        return purgeInterval;
    }

    /** For tests: whether this store's purge thread is scheduled. */
    boolean purgeThreadAlive() {
        return purger.isRunning();
    }

    @Override
    public void close() {
        if (state.close()) {
            purger.close();
            events.close();
            sessions.clear();
            byPrincipal.clear();
        }
    }

    private void reserveSlot() {
        if (maxSessions == UNLIMITED) {
            return;
        }
        if (reserved.incrementAndGet() <= maxSessions) {
            return;
        }
        reserved.decrementAndGet();
        purgeExpired();
        if (reserved.incrementAndGet() > maxSessions) {
            reserved.decrementAndGet();
            throw new SessionStoreFullException("the memory store holds its maximum of " + maxSessions
                    + " live sessions (option maxSessions); no expired session could be purged to make room");
        }
    }

    private void releaseSlot() {
        if (maxSessions != UNLIMITED) {
            reserved.decrementAndGet();
        }
    }

    /** Builds a {@link MemorySessionStore}. */
    public static final class Builder {
        private SessionPolicy policy = SessionPolicy.defaults();
        private long maxSessions = DEFAULT_MAX_SESSIONS;
        private Duration purgeInterval = DEFAULT_PURGE_INTERVAL;
        private ConcurrentMap<String, StoredSession> map;

        private Builder() {}

        /** Sets the policy: timeouts, clock and size limits. */
        public Builder policy(SessionPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy must not be null");
            return this;
        }

        /**
         * Caps live sessions ({@link #UNLIMITED} for none; default {@value #DEFAULT_MAX_SESSIONS}). A save of a new
         * session at the cap first purges expired sessions, then throws {@link SessionStoreFullException}.
         */
        public Builder maxSessions(long maxSessions) {
            if (maxSessions < 1) {
                throw new IllegalArgumentException("maxSessions must be at least 1, was " + maxSessions);
            }
            this.maxSessions = maxSessions;
            return this;
        }

        /**
         * Purges expired sessions on a daemon thread every {@code interval} (default
         * {@link #DEFAULT_PURGE_INTERVAL}); zero turns it off, leaving expired sessions in memory until
         * {@link MemorySessionStore#purgeExpired} is called.
         */
        public Builder purgeInterval(Duration interval) {
            this.purgeInterval = BackgroundPurge.checkInterval(interval);
            return this;
        }

        /** For tests: the map that holds the sessions, so that a test can count the store's calls into it. */
        Builder map(ConcurrentMap<String, StoredSession> map) {
            this.map = map;
            return this;
        }

        public MemorySessionStore build() {
            return new MemorySessionStore(this);
        }
    }
}
