package dev.sessionbench.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.fixtures.redis.RedisFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The example application with its sessions in the Redis the fixture finds, under a random key prefix whose keys it
 * deletes afterwards; plus a second instance on the same Redis and prefix.
 */
class RedisExampleAppIT extends ExampleAppScenarios {

    private static final RedisFixture REDIS = RedisFixture.shared();
    private final String prefix = REDIS.newPrefix();

    @Override
    String storeUri() {
        return REDIS.url() + "?prefix=" + prefix + RedisRepositoryContractIT.PATIENT_TIMEOUTS;
    }

    @AfterAll
    void deleteOwnKeys() {
        REDIS.deleteUnder(prefix);
    }

    @Test
    void twoInstancesOnOneRedisShareSessions() {
        Visitor onA = new Visitor(base);
        assertThat(onA.get("/counter").body()).isEqualTo("1");
        Visitor onB = onA.at(baseOf(start(storeUri())));
        assertThat(onB.get("/counter").body()).isEqualTo("2");
        assertThat(onA.get("/counter").body()).isEqualTo("3");

        String csrf = onA.signIn();
        onB.cookie = onA.cookie;
        assertThat(onB.get("/whoami").body()).isEqualTo("alice");
        assertThat(onB.post("/logout", Map.of("_csrf", csrf)).statusCode()).isEqualTo(303);
        assertThat(onA.get("/whoami").body()).as("signed out on B, so on A too").isEqualTo("anonymous");
        assertThat(REDIS.countUnder(prefix)).isPositive();
    }
}
