package dev.sessionbench.spring;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.fixtures.redis.RedisFixture;
import dev.sessionbench.testkit.ContractRule;
import dev.sessionbench.testkit.SessionStoreContract;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The store contract run through the Spring repository over Redis, each test under its own random key prefix. */
class RedisRepositoryContractIT extends SessionStoreContract {

    /** The store's 1 s defaults are for production; a busy test machine can take longer to answer. */
    static final String PATIENT_TIMEOUTS = "&connectTimeout=10s&timeout=10s";

    private static final RedisFixture REDIS = RedisFixture.shared();
    private String prefix;
    private CountingStore counting;

    @Override
    protected SessionStore openStore(SessionPolicy policy) {
        prefix = REDIS.newPrefix();
        counting = new CountingStore(SessionStores.open(storeUri(), policy));
        return new RepositoryBackedStore(new StoreSessionRepository(counting, AttributeCodec.simpleTypes()), policy);
    }

    @AfterEach
    void deleteOwnKeys() {
        REDIS.deleteUnder(prefix);
    }

    @Override
    protected long backendCalls() {
        return counting.calls.get();
    }

    @Override
    protected String storeUri() {
        return REDIS.url() + "?prefix=" + prefix + PATIENT_TIMEOUTS;
    }

    @Override
    protected Map<ContractRule, String> declaredExceptions() {
        return Map.of(ContractRule.INVALIDATE_ALL_ENDS_EVERY_SESSION, RepositoryBackedStore.NO_INVALIDATE_ALL);
    }
}
