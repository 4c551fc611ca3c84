package dev.sessionbench.store.redis;

import dev.sessionbench.fixtures.redis.RedisFixture;
import dev.sessionbench.fixtures.redis.RespConnection;
import io.lettuce.core.RedisURI;
import java.util.Optional;

/**
 * The contract against the Redis the fixture finds (REDIS_URL, 127.0.0.1:6379, or a throwaway server), each test
 * under a random key prefix whose keys it deletes afterwards.
 */
class RedisSessionStoreIT extends RedisContractSuite {

    private static final RedisFixture REDIS = RedisFixture.shared();

    @Override
    String newPrefix() {
        return REDIS.newPrefix();
    }

    @Override
    RedisSessionStore.Builder target(RedisSessionStore.Builder builder) {
        return builder.server(RedisURI.create(REDIS.url()));
    }

    @Override
    void deleteUnder(String keyPrefix) {
        REDIS.deleteUnder(keyPrefix);
    }

    @Override
    protected String storeUri() {
        return REDIS.url() + "?prefix=" + prefix;
    }

    @Override
    protected Optional<Boolean> backendHolds(String id) {
        try (RespConnection c = REDIS.connect()) {
            return Optional.of(c.callLong("EXISTS", opened.key(id)) == 1);
        }
    }
}
