package dev.sessionbench.core.spi;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import java.util.Objects;
import java.util.Optional;

/**
 * The steps every store takes at its entries, for store implementations: the open and null checks, a fresh ID
 * on {@link #create}, the refusal of a malformed client value before the backend is touched, and the answer for
 * a session never saved on {@link #changeId} and {@link #invalidate}. A subclass writes only {@link #doFind},
 * {@link #doChangeId} and {@link #doInvalidate} (and the rest of {@link SessionStore}), as Jetty's
 * {@code AbstractSessionDataStore} leaves its subclasses {@code doLoad}, {@code doStore} and {@code doDelete}.
 */
public abstract class AbstractSessionStore implements SessionStore {

    /**
     * A store that writes a find's slide of the last access to its backend does so only once the stored access is
     * at least this share of the idle timeout old: 1/64, 28 s of 30 minutes. Later finds within that step write
     * nothing, so a busy session is not rewritten at every request; its idle deadline is at most one step early.
     */
    public static final int SLIDE_SHARE = 64;

    /** The policy the store was opened with. */
    protected final SessionPolicy policy;
    /** The store's open/closed state, checked at every entry. */
    protected final StoreState state;

    /** {@code storeName} is how messages name the store, for example {@code "memory store"}. */
    protected AbstractSessionStore(String storeName, SessionPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy must not be null");
        this.state = new StoreState(storeName);
    }

    /** Returns the smallest age of a stored last access that a find writes forward: the idle timeout / 64, 1 ms or more. */
    public static long slideStepMillis(SessionPolicy policy) {
        return Math.max(1, policy.idleTimeout().toMillis() / SLIDE_SHARE);
    }

    @Override
    public final Session create() {
        state.checkOpen();
        return SessionAccess.newSession(SessionIds.generate(), policy);
    }

    /** Returns empty for a value {@link #isWellFormed} refuses, without touching the backend; else {@link #doFind}. */
    @Override
    public final Optional<Session> find(String clientValue) {
        state.checkOpen();
        if (!isWellFormed(clientValue)) {
            return Optional.empty();
        }
        return doFind(clientValue);
    }

    /**
     * Returns true when {@code clientValue} may name a session of this store; by default, when it is a well-formed
     * session ID ({@link SessionIds#isWellFormed}). Must not touch the backend.
     */
    protected boolean isWellFormed(String clientValue) {
        return SessionIds.isWellFormed(clientValue);
    }

    /** Returns the session a value that {@link #isWellFormed} accepted names, as {@link SessionStore#find} says. */
    protected abstract Optional<Session> doFind(String clientValue);

    /** Gives a session never saved a new ID at once; calls {@link #doChangeId} for a stored one. */
    @Override
    public final Session changeId(Session session) {
        state.checkSession(session);
        if (SessionAccess.isNew(session)) {
            return SessionAccess.withId(session, SessionIds.generate());
        }
        return doChangeId(session);
    }

    /** Rotates a session that has been saved, as {@link SessionStore#changeId} says. */
    protected abstract Session doChangeId(Session session);

    /** Does nothing for a session never saved (nothing is stored); calls {@link #doInvalidate} for a stored one. */
    @Override
    public final void invalidate(Session session) {
        state.checkSession(session);
        if (!SessionAccess.isNew(session)) {
            doInvalidate(session);
        }
    }

    /** Ends a session that has been saved, as {@link SessionStore#invalidate} says. */
    protected abstract void doInvalidate(Session session);
}
