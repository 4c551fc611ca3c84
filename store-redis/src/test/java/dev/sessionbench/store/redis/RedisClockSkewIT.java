package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.fixtures.MutableClock;
import dev.sessionbench.fixtures.redis.RedisFixture;
import dev.sessionbench.fixtures.redis.RespConnection;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two application servers whose clocks disagree, sharing one Redis: the stored last access never moves backwards,
 * so a server whose clock lags never shortens the idle deadline that a server whose clock runs ahead set.
 */
class RedisClockSkewIT {

    private static final RedisFixture REDIS = RedisFixture.shared();
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration SKEW = Duration.ofMinutes(10);

    /** The server whose clock runs {@link #SKEW} ahead. */
    private final MutableClock ahead = new MutableClock(START.plus(SKEW));
    /** The server whose clock is right. */
    private final MutableClock behind = new MutableClock(START);

    private String prefix;
    private RedisSessionStore fast;
    private RedisSessionStore slow;

    @BeforeEach
    void openTwoStoresOnTwoClocks() {
        prefix = REDIS.newPrefix();
        fast = open(ahead);
        slow = open(behind);
    }

    private RedisSessionStore open(MutableClock clock) {
        return RedisSessionStore.builder()
                .server(RedisURI.create(REDIS.url()))
                .keyPrefix(prefix)
                .policy(SessionPolicy.defaults().withIdleTimeout(IDLE).withClock(clock))
                .build();
    }

    @AfterEach
    void closeAndDelete() {
        fast.close();
        slow.close();
        REDIS.deleteUnder(prefix);
    }

    private void advanceBoth(Duration d) {
        ahead.advance(d);
        behind.advance(d);
    }

    private long storedLastAccess(String id) {
        try (RespConnection c = REDIS.connect()) {
            return Long.parseLong(c.callString("HGET", fast.key(id), RedisScripts.ACCESSED));
        }
    }

    @Test
    void aFindOnTheLaggingServerDoesNotMoveTheLastAccessBackwards() {
        String value = fast.save(fast.create().setAttribute("user", "alice"));
        long written = storedLastAccess(value);
        advanceBoth(Duration.ofMinutes(1));
        Session seen = slow.find(value).orElseThrow();
        assertThat(storedLastAccess(value))
                .as("last access after the lagging server's find")
                .isEqualTo(written);
        assertThat(seen.lastAccessedAt()).isEqualTo(Instant.ofEpochMilli(written));
        // 25 minutes on: 26 after the lagging server's find, 25 after the real last access by the fast clock
        advanceBoth(Duration.ofMinutes(25));
        assertThat(fast.find(value))
                .as("by the clock that set the deadline, 25 of 30 idle minutes have passed")
                .isPresent();
    }

    @Test
    void aSaveOnTheLaggingServerDoesNotMoveTheLastAccessBackwards() {
        String value = fast.save(fast.create().setAttribute("user", "alice"));
        long written = storedLastAccess(value);
        advanceBoth(Duration.ofMinutes(1));
        slow.save(slow.find(value).orElseThrow().setAttribute("cart", "1"));
        assertThat(storedLastAccess(value))
                .as("last access after the lagging server's save")
                .isEqualTo(written);
        advanceBoth(Duration.ofMinutes(25));
        assertThat(fast.find(value).orElseThrow().attribute("cart")).contains("1");
    }

    @Test
    void theLastAccessStillSlidesForwardOnEitherServer() {
        String value = slow.save(slow.create().setAttribute("user", "alice"));
        advanceBoth(Duration.ofMinutes(5));
        fast.find(value).orElseThrow();
        assertThat(storedLastAccess(value)).isEqualTo(ahead.instant().toEpochMilli());
        advanceBoth(Duration.ofMinutes(20));
        slow.find(value).orElseThrow();
        assertThat(storedLastAccess(value)).isEqualTo(behind.instant().toEpochMilli());
    }
}
