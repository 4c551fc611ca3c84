package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.fixtures.MutableClock;
import dev.sessionbench.fixtures.redis.RedisFixture;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two store instances on one Redis, as two application servers behind a load balancer: each sees the other's saves,
 * rotations and logouts at once.
 */
class RedisTwoServersIT {

    private static final RedisFixture REDIS = RedisFixture.shared();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private String prefix;
    private RedisSessionStore first;
    private RedisSessionStore second;

    @BeforeEach
    void openTwoStores() {
        prefix = REDIS.newPrefix();
        SessionPolicy policy = SessionPolicy.defaults().withClock(clock);
        first = RedisSessionStore.builder()
                .server(RedisURI.create(REDIS.url()))
                .keyPrefix(prefix)
                .policy(policy)
                .build();
        second = RedisSessionStore.builder()
                .server(RedisURI.create(REDIS.url()))
                .keyPrefix(prefix)
                .policy(policy)
                .build();
    }

    @AfterEach
    void closeAndDelete() {
        first.close();
        second.close();
        REDIS.deleteUnder(prefix);
    }

    @Test
    void aSaveOnOneServerIsFoundOnTheOther() {
        String value = first.save(first.create().setAttribute("user", "alice"));
        assertThat(second.find(value).orElseThrow().attribute("user")).contains("alice");
        second.save(second.find(value).orElseThrow().setAttribute("cart", "1"));
        assertThat(first.find(value).orElseThrow().attributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("user", "alice", "cart", "1"));
    }

    @Test
    void aFindOnOneServerSlidesTheDeadlineForTheOther() {
        String value = first.save(first.create().setAttribute("user", "alice"));
        clock.advance(Duration.ofMinutes(25));
        assertThat(second.find(value)).isPresent();
        clock.advance(Duration.ofMinutes(25));
        assertThat(first.find(value))
                .as("50 minutes after creation, 25 after the other server's find")
                .isPresent();
    }

    @Test
    void concurrentRequestsOnTwoServersChangingDifferentAttributesBothKeepTheirChange() {
        String value = first.save(first.create().setAttribute("base", "0"));
        Session onFirst = first.find(value).orElseThrow().setAttribute("x", "1");
        Session onSecond = second.find(value).orElseThrow().setAttribute("y", "2");
        second.save(onSecond);
        first.save(onFirst);
        assertThat(second.find(value).orElseThrow().attributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("base", "0", "x", "1", "y", "2"));
    }

    @Test
    void aRotationOnOneServerRetiresTheOldIdOnTheOther() {
        String value = first.save(first.create().setAttribute("user", "anonymous"));
        Session slowOnSecond = second.find(value).orElseThrow();
        String newValue =
                first.save(first.changeId(first.find(value).orElseThrow()).setAttribute("user", "alice"));
        assertThat(second.find(value)).isEmpty();
        assertThat(second.find(newValue).orElseThrow().attribute("user")).contains("alice");
        second.save(slowOnSecond.setAttribute("cart", "stale"));
        assertThat(first.find(value))
                .as("a late save on the other server does not revive the old ID")
                .isEmpty();
        assertThat(first.find(newValue).orElseThrow().attribute("cart")).isEmpty();
    }

    @Test
    void aLogoutOnOneServerEndsTheSessionOnTheOther() {
        String value = first.save(first.create().setAttribute("user", "alice"));
        Session slowOnFirst = first.find(value).orElseThrow();
        second.invalidate(second.find(value).orElseThrow());
        assertThat(first.find(value)).isEmpty();
        first.save(slowOnFirst.setAttribute("cart", "1"));
        assertThat(second.find(value))
                .as("a late save on the other server does not undo the logout")
                .isEmpty();
        assertThat(REDIS.countUnder(prefix)).isZero();
    }
}
