package dev.sessionbench.store.mapdb;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.spi.SessionStoreProvider;
import dev.sessionbench.core.spi.StoreUri;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Opens {@code mapdb:/path/to/file.db?durability=sync&commitInterval=1s&purgeInterval=1m&cacheMiB=32&verify=true&compactFreeMiB=8&tightenPermissions=false}.
 * Every option is optional; see the module README for what each one means.
 */
public final class MapDbSessionStoreProvider implements SessionStoreProvider {

    static final Set<String> OPTIONS = Set.of(
            "durability",
            "commitInterval",
            "purgeInterval",
            "cacheMiB",
            "verify",
            "compactFreeMiB",
            "tightenPermissions");

    @Override
    public Set<String> schemes() {
        return Set.of("mapdb");
    }

    @Override
    public SessionStore open(StoreUri uri, SessionPolicy policy) {
        uri.requireOnly(OPTIONS);
        String body = uri.body();
        if (body.startsWith("//")) {
            body = body.substring(2); // mapdb:///tmp/x.db is the same file as mapdb:/tmp/x.db
        }
        if (body.isEmpty()) {
            throw new IllegalArgumentException(
                    "store URI '" + uri + "' names no file; expected mapdb:/path/to/file.db");
        }
        Path file;
        try {
            file = Path.of(body);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(
                    "store URI '" + uri + "' has an invalid file path: " + e.getMessage(), e);
        }
        MapDbSessionStore.Builder b = MapDbSessionStore.builder()
                .file(file)
                .policy(policy)
                .durability(uri.enumOption(
                        "durability", MapDbSessionStore.Durability.class, MapDbSessionStore.DEFAULT_DURABILITY))
                .purgeInterval(uri.intervalOption("purgeInterval", MapDbSessionStore.DEFAULT_PURGE_INTERVAL))
                .cacheBytes(uri.longOption("cacheMiB", MapDbSessionStore.DEFAULT_CACHE_BYTES >> 20, 1, 16_384) << 20)
                .compactFreeBytes(uri.longOption(
                                "compactFreeMiB", MapDbSessionStore.DEFAULT_COMPACT_FREE_BYTES >> 20, 0, 1L << 20)
                        << 20)
                .verifyOnOpen(uri.booleanOption("verify", MapDbSessionStore.DEFAULT_VERIFY_ON_OPEN))
                .tightenPermissions(
                        uri.booleanOption("tightenPermissions", MapDbSessionStore.DEFAULT_TIGHTEN_PERMISSIONS));
        if (uri.options().containsKey("commitInterval")) {
            b.commitInterval(uri.durationOption("commitInterval", null, false));
        }
        return b.build();
    }
}
