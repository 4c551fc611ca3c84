package dev.sessionbench.spring;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.testkit.ContractRule;
import dev.sessionbench.testkit.SessionStoreContract;
import java.util.Map;

/**
 * The store contract run through the Spring repository over the memory store; the backend counted is the store
 * beneath the repository, so a malformed ID must not even reach it.
 */
class MemoryRepositoryContractTest extends SessionStoreContract {

    private CountingStore counting;

    @Override
    protected SessionStore openStore(SessionPolicy policy) {
        counting = new CountingStore(SessionStores.open("memory:", policy));
        return new RepositoryBackedStore(new StoreSessionRepository(counting, AttributeCodec.simpleTypes()), policy);
    }

    @Override
    protected long backendCalls() {
        return counting.calls.get();
    }

    @Override
    protected String storeUri() {
        return "memory:";
    }

    @Override
    protected Map<ContractRule, String> declaredExceptions() {
        return Map.of(ContractRule.INVALIDATE_ALL_ENDS_EVERY_SESSION, RepositoryBackedStore.NO_INVALIDATE_ALL);
    }
}
