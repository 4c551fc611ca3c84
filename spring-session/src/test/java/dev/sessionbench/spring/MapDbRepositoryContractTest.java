package dev.sessionbench.spring;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.testkit.SessionStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract run through the Spring repository over a MapDB file. */
class MapDbRepositoryContractTest extends SessionStoreContract {

    @TempDir
    Path dir;
    private int files;
    private CountingStore counting;

    @Override
    protected SessionStore openStore(SessionPolicy policy) {
        counting = new CountingStore(SessionStores.open(storeUri(), policy));
        return new RepositoryBackedStore(new StoreSessionRepository(counting, AttributeCodec.simpleTypes()), policy);
    }

    @Override
    protected long backendCalls() {
        return counting.calls.get();
    }

    @Override
    protected String storeUri() {
        // no background purge: the suite counts calls
        return "mapdb:" + dir.resolve("contract-" + (files++) + ".db") + "?purgeInterval=0";
    }
}
