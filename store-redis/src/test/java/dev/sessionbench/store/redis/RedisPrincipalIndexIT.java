package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionEvent;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.fixtures.MutableClock;
import dev.sessionbench.fixtures.redis.RedisFixture;
import dev.sessionbench.fixtures.redis.RespConnection;
import dev.sessionbench.testkit.RecordingListener;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The principal and deadline indexes on a real Redis: they hold nothing of sessions that expired once a purge or a
 * listing ran, and two stores sharing one Redis announce each expiry once between them.
 *
 * <p>The leak measurement runs with 10,000 sessions of 100 principals by default; by hand, for the README:
 * {@code ./mvnw -q -pl store-redis -am verify -Dtest=RedisPrincipalIndexIT#expiredSessionsLeaveNothingInTheIndexesAfterAPurge
 * -Dsurefire.failIfNoSpecifiedTests=false -Dsessionbench.leak.sessions=100000 -Dsessionbench.leak.principals=1000}.
 */
class RedisPrincipalIndexIT {

    private static final RedisFixture REDIS = RedisFixture.shared();
    private static final int SESSIONS = Integer.getInteger("sessionbench.leak.sessions", 10_000);
    private static final int PRINCIPALS = Integer.getInteger("sessionbench.leak.principals", 100);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SessionPolicy policy = SessionPolicy.defaults().withClock(clock);
    private final List<RedisSessionStore> stores = new ArrayList<>();
    private String prefix;

    @BeforeEach
    void newPrefix() {
        prefix = REDIS.newPrefix();
    }

    @AfterEach
    void closeAndDelete() {
        stores.forEach(RedisSessionStore::close);
        REDIS.deleteUnder(prefix);
    }

    private RedisSessionStore open(SessionPolicy p) {
        RedisSessionStore s = RedisSessionStore.builder()
                .server(RedisURI.create(REDIS.url()))
                .keyPrefix(prefix)
                .policy(p)
                .purgeInterval(Duration.ZERO)
                .build();
        stores.add(s);
        return s;
    }

    @Test
    void expiredSessionsLeaveNothingInTheIndexesAfterAPurge() {
        RedisSessionStore store = open(policy);
        long start = System.nanoTime();
        for (int i = 0; i < SESSIONS; i++) {
            store.save(store.create()
                    .setAttribute("principal", "user" + (i % PRINCIPALS))
                    .setAttribute("cart", "1"));
        }
        long saved = System.nanoTime();
        long keysLive = REDIS.countUnder(prefix);
        assertThat(store.sessionsOf("user0")).hasSize(SESSIONS / PRINCIPALS);
        clock.advance(policy.idleTimeout());
        assertThat(store.sessionsOf("user0")).isEmpty();
        long purgeStart = System.nanoTime();
        assertThat(store.purgeExpired()).isEqualTo(SESSIONS);
        long purged = System.nanoTime();
        long keysLeft = REDIS.countUnder(prefix);
        System.out.printf(
                "redis index leak check: %d sessions of %d principals; %d keys under the prefix while live "
                        + "(sessions + principal and deadline indexes), %d after one purge; saves %d ms, purge %d ms "
                        + "(%.1f us per reclaimed session)%n",
                SESSIONS,
                PRINCIPALS,
                keysLive,
                keysLeft,
                (saved - start) / 1_000_000,
                (purged - purgeStart) / 1_000_000,
                (purged - purgeStart) / 1_000.0 / SESSIONS);
        assertThat(keysLeft).as("keys under the prefix after the purge").isZero();
        assertThat(store.purgeExpired()).isZero();
    }

    @Test
    void aPurgeHoldsRedisForABoundedBatchPerScript() {
        CountingListener commands = new CountingListener();
        RedisSessionStore store = RedisSessionStore.builder()
                .server(RedisURI.create(REDIS.url()))
                .keyPrefix(prefix)
                .policy(policy)
                .purgeInterval(Duration.ZERO)
                .commandListener(commands)
                .build();
        stores.add(store);
        int sessions = 2 * RedisSessionStore.PURGE_BATCH + 500;
        for (int i = 0; i < sessions; i++) {
            store.save(store.create().setAttribute("principal", "user" + (i % 10)));
        }
        clock.advance(policy.idleTimeout());
        commands.drain();
        assertThat(store.purgeExpired()).isEqualTo(sessions);
        assertThat(commands.drain())
                .as("one script per batch of %d entries", RedisSessionStore.PURGE_BATCH)
                .containsExactly("EVALSHA", "EVALSHA", "EVALSHA");
    }

    @Test
    void aListingCleansTheIndexOfSessionsRedisAlreadyRemoved() {
        RedisSessionStore store = open(policy);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(store.save(store.create().setAttribute("principal", "user" + (i % 10))));
        }
        try (RespConnection c = REDIS.connect()) {
            for (String id : ids) {
                c.callLong("DEL", store.key(id)); // as the TTL does when the deadline passes
            }
            for (int p = 0; p < 10; p++) {
                assertThat(store.sessionsOf("user" + p)).isEmpty();
                for (int tag = 0; tag < 256; tag++) {
                    String key = store.principalKey(java.util.HexFormat.of().toHexDigits((byte) tag), "user" + p);
                    assertThat(c.callLong("EXISTS", key))
                            .as("principal index %s", key)
                            .isZero();
                }
            }
        }
        clock.advance(policy.idleTimeout());
        assertThat(store.purgeExpired())
                .as("the deadline index still announces them")
                .isEqualTo(200);
        assertThat(REDIS.countUnder(prefix)).isZero();
    }

    @Test
    void indexesExpireAnAbsoluteTimeoutAfterTheirLastWriteEvenWithoutAPurge() {
        RedisSessionStore store = open(policy);
        String value = store.save(store.create().setAttribute("principal", "alice"));
        String tag = store.key(value).substring(prefix.length() + 1, prefix.length() + 3);
        try (RespConnection c = REDIS.connect()) {
            assertThat(c.callLong("PTTL", store.principalKey(tag, "alice")))
                    .isBetween(1L, policy.absoluteTimeout().toMillis());
            assertThat(c.callLong("PTTL", store.deadlineKey(tag)))
                    .isBetween(1L, policy.absoluteTimeout().toMillis());
        }
    }

    @Test
    void twoStoresSharingOneRedisAnnounceEachExpiryOnce() throws Exception {
        RecordingListener heardByFirst = new RecordingListener();
        RecordingListener heardBySecond = new RecordingListener();
        RedisSessionStore first = open(policy.withListener(heardByFirst));
        RedisSessionStore second = open(policy.withListener(heardBySecond));
        Set<String> fingerprints = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            Session s = (i % 2 == 0 ? first : second).create().setAttribute("principal", "user" + (i % 7));
            (i % 2 == 0 ? first : second).save(s);
            fingerprints.add(SessionIds.fingerprint(s.id()));
        }
        clock.advance(policy.absoluteTimeout());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long reclaimed;
        try {
            Future<Long> a = pool.submit(first::purgeExpired);
            Future<Long> b = pool.submit(second::purgeExpired);
            reclaimed = a.get(60, TimeUnit.SECONDS) + b.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(reclaimed).isEqualTo(500);
        first.close(); // delivers what is queued
        second.close();
        List<SessionEvent.Expired> expired = new ArrayList<>(heardByFirst.events(SessionEvent.Expired.class));
        expired.addAll(heardBySecond.events(SessionEvent.Expired.class));
        assertThat(expired).hasSize(500);
        assertThat(expired)
                .extracting(SessionEvent::fingerprint)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(fingerprints);
        assertThat(expired)
                .allSatisfy(e -> assertThat(e.principal())
                        .hasValueSatisfying(p -> assertThat(p).startsWith("user")));
        assertThat(heardByFirst.events(SessionEvent.Created.class)).hasSize(250);
        assertThat(heardBySecond.events(SessionEvent.Created.class)).hasSize(250);
    }

    @Test
    void fingerprintOfTheKeyDigestIsTheFingerprintOfTheId() {
        String id = SessionIds.generate();
        assertThat(RedisSessionStore.fingerprintOfDigest(
                        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(SessionIds.digest(id))))
                .isEqualTo(SessionIds.fingerprint(id));
    }
}
