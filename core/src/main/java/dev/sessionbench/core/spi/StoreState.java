package dev.sessionbench.core.spi;

import dev.sessionbench.core.Session;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The checks every store makes where a call enters: the store is still open, and the session argument is
 * present. One per store instance; thread-safe.
 */
public final class StoreState {

    private final String storeName;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** {@code storeName} is how messages name the store, for example {@code "memory store"}. */
    public StoreState(String storeName) {
        this.storeName = Objects.requireNonNull(storeName, "storeName must not be null");
    }

    /** Throws {@link IllegalStateException} when the store has been closed. */
    public void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the " + storeName + " is closed");
        }
    }

    /** Checks that the store is open and returns the session, throwing {@link NullPointerException} when it is null. */
    public Session checkSession(Session session) {
        Objects.requireNonNull(session, "session must not be null");
        checkOpen();
        return session;
    }

    /**
     * Checks that the store is open and returns the principal, throwing {@link IllegalArgumentException} when it is
     * null or blank (a blank value never names a principal, so it could only be a mistake).
     */
    public String checkPrincipal(String principal) {
        if (principal == null) {
            throw new IllegalArgumentException("principal must not be null");
        }
        if (principal.isBlank()) {
            throw new IllegalArgumentException("principal must not be blank");
        }
        checkOpen();
        return principal;
    }

    /** Marks the store closed and returns true the first time only, so that close is idempotent. */
    public boolean close() {
        return closed.compareAndSet(false, true);
    }

    public boolean isClosed() {
        return closed.get();
    }
}
