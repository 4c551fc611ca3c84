package dev.sessionbench.core.http;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.spi.SessionAccess;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A minimal store for the transport's tests (core cannot depend on a store module); counts its map lookups. */
final class MapStore implements SessionStore {

    private final SessionPolicy policy = SessionPolicy.defaults();
    private final Map<String, Map<String, String>> map = new ConcurrentHashMap<>();
    final AtomicLong lookups = new AtomicLong();

    @Override
    public Session create() {
        return SessionAccess.newSession(SessionIds.generate(), policy);
    }

    /** Returns a new session holding {@code user} under the attribute {@code user}, already saved. */
    Session saved(String user) {
        Session session = create().setAttribute("user", user);
        save(session);
        return session;
    }

    /** Returns a new empty session, already saved. */
    Session saved() {
        Session session = create();
        save(session);
        return session;
    }

    @Override
    public Optional<Session> find(String clientValue) {
        if (!SessionIds.isWellFormed(clientValue)) {
            return Optional.empty();
        }
        lookups.incrementAndGet();
        Map<String, String> attributes = map.get(clientValue);
        return attributes == null
                ? Optional.empty()
                : Optional.of(SessionAccess.restore(
                        clientValue,
                        policy.clock().millis(),
                        policy.clock().millis(),
                        new HashMap<>(attributes),
                        policy));
    }

    @Override
    public String save(Session session) {
        map.put(session.id(), new HashMap<>(session.attributes()));
        SessionAccess.markSaved(session, policy.clock().instant());
        return session.id();
    }

    @Override
    public Session changeId(Session session) {
        map.remove(session.id());
        return SessionAccess.withId(session, SessionIds.generate());
    }

    @Override
    public void invalidate(Session session) {
        map.remove(session.id());
    }

    @Override
    public long purgeExpired() {
        return 0;
    }

    @Override
    public List<Session> sessionsOf(String principal) {
        return map.keySet().stream()
                .map(this::find)
                .flatMap(Optional::stream)
                .filter(s -> s.attribute(policy.principalAttribute()).orElse("").equals(principal))
                .toList();
    }

    @Override
    public void invalidateAll(String principal) {
        sessionsOf(principal).forEach(this::invalidate);
    }

    @Override
    public void close() {}
}
