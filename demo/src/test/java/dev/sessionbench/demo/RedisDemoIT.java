package dev.sessionbench.demo;

import dev.sessionbench.fixtures.redis.RedisFixture;
import org.junit.jupiter.api.AfterEach;

/** The demo on Redis from the shared fixture (REDIS_URL, a local server, or a throwaway one), under its own prefix. */
class RedisDemoIT extends DemoScenario {

    private String prefix;

    @Override
    protected String storeUri() {
        prefix = RedisFixture.shared().newPrefix();
        return RedisFixture.shared().url() + "?prefix=" + prefix;
    }

    @AfterEach
    void deleteOwnKeys() {
        if (prefix != null) {
            RedisFixture.shared().deleteUnder(prefix);
        }
    }
}
