package dev.sessionbench.store.memory;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.spi.SessionStoreProvider;
import dev.sessionbench.core.spi.StoreUri;
import java.util.Set;

/**
 * Opens {@code memory:} stores. Options: {@code maxSessions} (a whole number; default unlimited) and
 * {@code purgeInterval} (a duration such as {@code 30s}; default off).
 */
public final class MemorySessionStoreProvider implements SessionStoreProvider {

    private static final Set<String> OPTIONS = Set.of("maxSessions", "purgeInterval");

    @Override
    public Set<String> schemes() {
        return Set.of("memory");
    }

    @Override
    public SessionStore open(StoreUri uri, SessionPolicy policy) {
        uri.requireOnly(OPTIONS);
        if (!uri.body().isEmpty()) {
            throw new IllegalArgumentException("a memory store URI has no path or host, only options: '" + uri
                    + "'; write for example memory: or memory:?maxSessions=100000");
        }
        return MemorySessionStore.builder()
                .policy(policy)
                .maxSessions(uri.longOption("maxSessions", MemorySessionStore.UNLIMITED, 1, Long.MAX_VALUE))
                .purgeInterval(uri.durationOption("purgeInterval", MemorySessionStore.NO_BACKGROUND_PURGE, true))
                .build();
    }
}
