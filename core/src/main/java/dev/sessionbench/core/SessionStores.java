package dev.sessionbench.core;

import dev.sessionbench.core.spi.SessionStoreProvider;
import dev.sessionbench.core.spi.StoreUri;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Opens a store by URI, through the {@link SessionStoreProvider}s found by {@link ServiceLoader}. */
public final class SessionStores {

    /**
     * The schemes of this project, in the order messages list them. The store of each comes in the artifact
     * {@code sessionbench-store-<scheme>}; {@code rediss} in the Redis one.
     */
    private static final List<String> KNOWN = List.of("memory", "mapdb", "redis", "rediss", "token");

    private SessionStores() {}

    /**
     * Returns an open store for the URI: {@code memory:}, {@code mapdb:/path/to/file.db},
     * {@code redis://host:port/db}, {@code rediss://...} or {@code token:}, each with options as query parameters.
     * Throws {@link IllegalArgumentException} for an unknown scheme, or a scheme whose module is not on the
     * classpath, saying which schemes are known and which artifact to add.
     */
    public static SessionStore open(String uri, SessionPolicy policy) {
        Objects.requireNonNull(uri, "store URI must not be null");
        Objects.requireNonNull(policy, "policy must not be null");
        StoreUri parsed = StoreUri.parse(uri);
        Map<String, SessionStoreProvider> available = providers();
        SessionStoreProvider provider = available.get(parsed.scheme());
        if (provider != null) {
            return provider.open(parsed, policy);
        }
        String artifact = KNOWN.contains(parsed.scheme())
                ? "sessionbench-store-" + (parsed.scheme().equals("rediss") ? "redis" : parsed.scheme())
                : null;
        String onClasspath = available.isEmpty() ? "none" : String.join(", ", new TreeSet<>(available.keySet()));
        if (artifact != null) {
            throw new IllegalArgumentException("the '" + parsed.scheme() + ":' store is not on the classpath; add "
                    + "the artifact dev.sessionbench:" + artifact + " (schemes on the classpath now: "
                    + onClasspath + ")");
        }
        throw new IllegalArgumentException("unknown store URI scheme '" + parsed.scheme() + "' in '" + parsed
                + "'; known schemes: " + String.join(", ", KNOWN) + " (on the classpath now: "
                + onClasspath + ")");
    }

    /** Returns the schemes whose stores are on the classpath, each with its provider. */
    private static Map<String, SessionStoreProvider> providers() {
        Map<String, SessionStoreProvider> byScheme = new LinkedHashMap<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = SessionStores.class.getClassLoader();
        }
        for (SessionStoreProvider provider : ServiceLoader.load(SessionStoreProvider.class, loader)) {
            for (String scheme : provider.schemes()) {
                byScheme.putIfAbsent(scheme, provider);
            }
        }
        return byScheme;
    }
}
