package dev.sessionbench.store.redis;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.fixtures.redis.RedisFixture;
import dev.sessionbench.fixtures.redis.RespConnection;
import dev.sessionbench.testkit.SessionStoreContract;
import io.lettuce.core.RedisURI;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * The contract against the Redis the fixture finds (REDIS_URL, 127.0.0.1:6379, or a throwaway server), each test
 * under a random key prefix whose keys it deletes afterwards.
 */
class RedisSessionStoreIT extends SessionStoreContract {

    private static final RedisFixture REDIS = RedisFixture.shared();

    private final CountingListener commands = new CountingListener();
    private String prefix;
    private RedisSessionStore opened;

    @Override
    protected SessionStore openStore(SessionPolicy policy) {
        prefix = REDIS.newPrefix();
        opened = RedisSessionStore.builder()
                .server(RedisURI.create(REDIS.url()))
                .keyPrefix(prefix)
                .policy(policy)
                .commandListener(commands)
                .build();
        return opened;
    }

    @AfterEach
    void deleteOwnKeys() {
        REDIS.deleteUnder(prefix);
    }

    @Override
    protected long backendCalls() {
        return commands.count();
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
