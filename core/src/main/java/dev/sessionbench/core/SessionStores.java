package dev.sessionbench.core;

import dev.sessionbench.core.spi.SessionStoreProvider;
import dev.sessionbench.core.spi.StoreUri;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Opens a store by URI, through the {@link SessionStoreProvider}s found by {@link ServiceLoader}. */
public final class SessionStores {

    /** The schemes of this project and the artifact that brings each one. */
    private static final Map<String, String> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("memory", "sessionbench-store-memory");
        KNOWN.put("mapdb", "sessionbench-store-mapdb");
        KNOWN.put("redis", "sessionbench-store-redis");
        KNOWN.put("rediss", "sessionbench-store-redis");
        KNOWN.put("token", "sessionbench-store-token");
    }

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
        String artifact = KNOWN.get(parsed.scheme());
        String onClasspath = available.isEmpty() ? "none" : String.join(", ", new TreeSet<>(available.keySet()));
        if (artifact != null) {
            throw new IllegalArgumentException("the '" + parsed.scheme() + ":' store is not on the classpath; add "
                    + "the artifact dev.sessionbench:" + artifact + " (schemes on the classpath now: "
                    + onClasspath + ")");
        }
        throw new IllegalArgumentException("unknown store URI scheme '" + parsed.scheme() + "' in '" + parsed
                + "'; known schemes: " + String.join(", ", KNOWN.keySet()) + " (on the classpath now: "
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
