package dev.sessionbench.store.redis;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.testkit.SessionStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * The contract on a Redis store that counts its commands, pointed by the subclass at a server or a cluster, each
 * test under a new random key prefix whose keys it deletes afterwards.
 */
abstract class RedisContractSuite extends SessionStoreContract {

    final CountingListener commands = new CountingListener();
    String prefix;
    RedisSessionStore opened;

    /** Returns a new random key prefix. */
    abstract String newPrefix();

    /** Returns {@code builder} pointed at the Redis under test. */
    abstract RedisSessionStore.Builder target(RedisSessionStore.Builder builder);

    /** Deletes every key under {@code keyPrefix} from the Redis under test. */
    abstract void deleteUnder(String keyPrefix);

    @Override
    protected SessionStore openStore(SessionPolicy policy) {
        prefix = newPrefix();
        opened = target(RedisSessionStore.builder())
                .keyPrefix(prefix)
                .policy(policy)
                .commandListener(commands)
                .build();
        return opened;
    }

    @AfterEach
    void deleteOwnKeys() {
        deleteUnder(prefix);
    }

    @Override
    protected long backendCalls() {
        return commands.count();
    }
}
