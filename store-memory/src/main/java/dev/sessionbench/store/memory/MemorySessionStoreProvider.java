package dev.sessionbench.store.memory;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.spi.SessionStoreProvider;
import dev.sessionbench.core.spi.StoreUri;
import java.util.Set;

/**
 * Opens {@code memory:} stores. Options: {@code maxSessions} (a whole number, or {@code unlimited}; default
 * {@value MemorySessionStore#DEFAULT_MAX_SESSIONS}) and {@code purgeInterval} (a duration such as {@code 30s};
 * default one minute; {@code 0} turns the background purge off).
 */
public final class MemorySessionStoreProvider implements SessionStoreProvider {

    private static final Set<String> OPTIONS = Set.of("maxSessions", "purgeInterval");
    /** The {@code maxSessions} value that lifts the cap. */
    private static final String UNLIMITED = "unlimited";

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
                .maxSessions(
                        UNLIMITED.equals(uri.option("maxSessions", null))
                                ? MemorySessionStore.UNLIMITED
                                : uri.longOption(
                                        "maxSessions", MemorySessionStore.DEFAULT_MAX_SESSIONS, 1, Long.MAX_VALUE))
                .purgeInterval(uri.intervalOption("purgeInterval", MemorySessionStore.DEFAULT_PURGE_INTERVAL))
                .build();
    }
}
