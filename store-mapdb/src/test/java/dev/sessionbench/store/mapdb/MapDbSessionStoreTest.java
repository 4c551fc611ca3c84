package dev.sessionbench.store.mapdb;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.testkit.SessionStoreContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** The contract suite on a MapDB file in the default, durable-on-return mode. */
class MapDbSessionStoreTest extends SessionStoreContract {

    @TempDir
    Path dir;

    private MapDbSessionStore mapdb;
    private int files;

    /** The mode under test; the batched subclass overrides it. */
    MapDbSessionStore.Durability durability() {
        return MapDbSessionStore.Durability.SYNC;
    }

    @Override
    protected SessionStore openStore(SessionPolicy policy) {
        mapdb = MapDbSessionStore.builder()
                .file(dir.resolve("contract-" + (files++) + ".db"))
                .policy(policy)
                .durability(durability())
                .purgeInterval(Duration.ZERO) // the suite counts backend calls: no background purge
                .build();
        return mapdb;
    }

    @Override
    protected long backendCalls() {
        return mapdb.backendCalls.get();
    }

    @Override
    protected String storeUri() {
        return "mapdb:" + dir.resolve("by-uri.db") + "?durability="
                + durability().name().toLowerCase() + "&purgeInterval=0";
    }

    @Override
    protected Optional<Boolean> backendHolds(String id) {
        return Optional.of(mapdb.holds(id));
    }
}
