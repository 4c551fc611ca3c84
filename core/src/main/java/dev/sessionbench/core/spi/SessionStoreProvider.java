package dev.sessionbench.core.spi;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import java.util.Set;

/**
 * Opens the stores of one backend for {@link dev.sessionbench.core.SessionStores#open}. A store module lists
 * its provider in {@code META-INF/services/dev.sessionbench.core.spi.SessionStoreProvider}.
 */
public interface SessionStoreProvider {

    /** Returns the URI schemes this provider opens, in lower case, for example {@code redis} and {@code rediss}. */
    Set<String> schemes();

    /**
     * Returns an open store for the URI. Throws {@link IllegalArgumentException} naming the problem when the URI
     * or one of its options is invalid, and {@link dev.sessionbench.core.SessionStoreException} when the backend
     * cannot be reached.
     */
    SessionStore open(StoreUri uri, SessionPolicy policy);
}
