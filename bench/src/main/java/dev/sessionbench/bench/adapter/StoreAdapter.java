package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionStore;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** One of our strategies, through the public {@link SessionStore} API only, exactly as an application calls it. */
final class StoreAdapter implements Adapter {

    /** The attribute that names a session's user under the default policy the suite opens stores with. */
    static final String PRINCIPAL = dev.sessionbench.core.SessionPolicy.DEFAULT_PRINCIPAL_ATTRIBUTE;

    private final Subject subject;
    private SessionStore store;
    /** Opens the store again in a mode that seeds faster, or null when there is none. */
    private Supplier<SessionStore> bulkMode;

    private Supplier<SessionStore> normalMode;
    private final boolean revokes;
    private final boolean holdsSessions;
    private final Supplier<String> unknown;
    private final Runnable cleanup;
    private final Set<Operation> operations;

    StoreAdapter(
            Subject subject,
            SessionStore store,
            boolean revokes,
            boolean holdsSessions,
            Supplier<String> unknown,
            Runnable cleanup) {
        // a token store holds no sessions to purge; the Redis store's purge is a no-op (Redis expires keys itself)
        this.operations =
                holdsSessions && subject.family() != Subject.Family.TOKEN && subject.family() != Subject.Family.REDIS
                        ? EnumSet.allOf(Operation.class)
                        : EnumSet.complementOf(EnumSet.of(Operation.EXPIRY));
        this.subject = subject;
        this.store = store;
        this.revokes = revokes;
        this.holdsSessions = holdsSessions;
        this.unknown = unknown;
        this.cleanup = cleanup;
    }

    /** Sets how {@link #bulkLoad} reopens the store: {@code fast} for the load, then {@code normal} again. */
    StoreAdapter bulkLoadThrough(Supplier<SessionStore> fast, Supplier<SessionStore> normal) {
        this.bulkMode = fast;
        this.normalMode = normal;
        return this;
    }

    @Override
    public void bulkLoad(Runnable load) {
        if (bulkMode == null) {
            load.run();
            return;
        }
        store.close();
        store = bulkMode.get();
        try {
            load.run();
        } finally {
            store.close();
            store = normalMode.get();
        }
    }

    @Override
    public Subject subject() {
        return subject;
    }

    @Override
    public Set<Operation> operations() {
        return operations;
    }

    @Override
    public String seed(Map<String, String> attributes) {
        Session s = store.create();
        attributes.forEach(s::setAttribute);
        return store.save(s);
    }

    @Override
    public String unknownValue() {
        return unknown.get();
    }

    @Override
    public String create(String name, String value) {
        Session s = store.create();
        s.setAttribute(name, value);
        return store.save(s);
    }

    @Override
    public Object lookup(String value) {
        return store.find(value).orElse(null);
    }

    @Override
    public String accessAndSave(String value, String name, String newValue) {
        Optional<Session> found = store.find(value);
        if (found.isEmpty()) {
            return null;
        }
        Session s = found.get();
        s.setAttribute(name, newValue);
        return store.save(s);
    }

    @Override
    public String changeId(String value) {
        Optional<Session> found = store.find(value);
        if (found.isEmpty()) {
            return null;
        }
        // The request that rotates the ID saves its session at its end, as every other request does.
        return store.save(store.changeId(found.get()));
    }

    @Override
    public boolean invalidate(String value) {
        Optional<Session> found = store.find(value);
        if (found.isEmpty()) {
            return false;
        }
        store.invalidate(found.get());
        return true;
    }

    @Override
    public long purgeExpired() {
        return store.purgeExpired();
    }

    @Override
    public String createWithPrincipal(String principal, String name, String value) {
        Session s = store.create();
        s.setAttribute(PRINCIPAL, principal);
        s.setAttribute(name, value);
        return store.save(s);
    }

    @Override
    public void invalidateAll(String principal) {
        store.invalidateAll(principal);
    }

    @Override
    public java.util.List<String> sessionIdsOf(String principal) {
        return store.sessionsOf(principal).stream().map(Session::id).toList();
    }

    @Override
    public boolean revokes() {
        return revokes;
    }

    @Override
    public boolean holdsSessions() {
        return holdsSessions;
    }

    @Override
    public void discard(java.util.Collection<String> values) {
        if (holdsSessions) {
            Adapter.super.discard(values);
        }
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            cleanup.run();
        }
    }

    @Override
    public String toString() {
        return subject.label() + " (" + store + ")";
    }
}
