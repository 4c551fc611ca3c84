package dev.sessionbench.spring;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the calls a repository makes into the store beneath it: the repository's backend. */
final class CountingStore implements SessionStore {

    private final SessionStore store;
    final AtomicLong calls = new AtomicLong();

    CountingStore(SessionStore store) {
        this.store = store;
    }

    @Override
    public Session create() {
        return store.create();
    }

    @Override
    public Optional<Session> find(String clientValue) {
        calls.incrementAndGet();
        return store.find(clientValue);
    }

    @Override
    public String save(Session session) {
        calls.incrementAndGet();
        return store.save(session);
    }

    @Override
    public Session changeId(Session session) {
        calls.incrementAndGet();
        return store.changeId(session);
    }

    @Override
    public java.util.List<Session> sessionsOf(String principal) {
        calls.incrementAndGet();
        return store.sessionsOf(principal);
    }

    @Override
    public void invalidateAll(String principal) {
        calls.incrementAndGet();
        store.invalidateAll(principal);
    }

    @Override
    public void invalidate(Session session) {
        calls.incrementAndGet();
        store.invalidate(session);
    }

    @Override
    public long purgeExpired() {
        calls.incrementAndGet();
        return store.purgeExpired();
    }

    @Override
    public void close() {
        store.close();
    }
}
