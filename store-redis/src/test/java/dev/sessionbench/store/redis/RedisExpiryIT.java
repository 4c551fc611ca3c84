package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.StaleSessionException;
import dev.sessionbench.fixtures.MutableClock;
import dev.sessionbench.fixtures.redis.RedisFixture;
import dev.sessionbench.fixtures.redis.RespConnection;
import io.lettuce.core.RedisURI;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis TTL is always the time left by the policy clock to the earlier deadline, and find checks the deadlines
 * kept in the record, because the test clock moves while Redis's real clock does not.
 */
class RedisExpiryIT {

    private static final RedisFixture REDIS = RedisFixture.shared();
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration ABSOLUTE = Duration.ofHours(1);
    /** Time a command may take between the store reading the clock and Redis setting the TTL. */
    private static final long MARGIN_MILLIS = 5_000;

    private final MutableClock clock = new MutableClock(START);
    private String prefix;
    private RedisSessionStore store;
    private RespConnection redis;

    @BeforeEach
    void open() {
        prefix = REDIS.newPrefix();
        store = open(SessionPolicy.defaults()
                .withIdleTimeout(IDLE)
                .withAbsoluteTimeout(ABSOLUTE)
                .withClock(clock));
        redis = REDIS.connect();
    }

    private RedisSessionStore open(SessionPolicy policy) {
        return RedisSessionStore.builder()
                .server(RedisURI.create(REDIS.url()))
                .keyPrefix(prefix)
                .policy(policy)
                .build();
    }

    @AfterEach
    void close() {
        store.close();
        redis.close();
        REDIS.deleteUnder(prefix);
    }

    private long pttl(String id) {
        return redis.callLong("PTTL", store.key(id));
    }

    @Test
    void firstSaveSetsTheTtlToTheIdleTimeout() {
        String value = store.save(store.create().setAttribute("a", "b"));
        assertThat(pttl(value)).isBetween(IDLE.toMillis() - MARGIN_MILLIS, IDLE.toMillis());
    }

    @Test
    void findAndSaveSetTheTtlToWhatIsLeftOfTheEarlierDeadline() {
        String value = store.save(store.create().setAttribute("a", "b"));
        clock.advance(Duration.ofMinutes(25));
        store.find(value).orElseThrow();
        assertThat(pttl(value)).as("idle deadline first").isBetween(IDLE.toMillis() - MARGIN_MILLIS, IDLE.toMillis());
        clock.advance(Duration.ofMinutes(25)); // 50 minutes in: 10 minutes left of the absolute hour
        Session s = store.find(value).orElseThrow();
        long left = Duration.ofMinutes(10).toMillis();
        assertThat(pttl(value)).as("absolute deadline after find").isBetween(left - MARGIN_MILLIS, left);
        clock.advance(Duration.ofMinutes(5));
        store.save(s.setAttribute("c", "d"));
        left = Duration.ofMinutes(5).toMillis();
        assertThat(pttl(value)).as("absolute deadline after a delta save").isBetween(left - MARGIN_MILLIS, left);
        Session rotated = store.changeId(store.find(value).orElseThrow());
        assertThat(pttl(rotated.id())).as("after changeId").isBetween(left - MARGIN_MILLIS, left);
    }

    private long storedLastAccess(String id) {
        return Long.parseLong(redis.callString("HGET", store.key(id), RedisScripts.ACCESSED));
    }

    @Test
    void aFindWithinTheSlideStepWritesNothingAndReportsTheStoredLastAccess() {
        String value = store.save(store.create().setAttribute("a", "b"));
        Duration step = IDLE.dividedBy(RedisSessionStore.SLIDE_SHARE);
        clock.advance(step.minusMillis(1));
        Session s = store.find(value).orElseThrow();
        assertThat(storedLastAccess(value))
                .as("last access after a find within the step")
                .isEqualTo(START.toEpochMilli());
        assertThat(s.lastAccessedAt()).isEqualTo(START);
        assertThat(s.expiresAt()).as("the deadline Redis keeps").isEqualTo(START.plus(IDLE));
        // the TTL still counts from the first save: set by the script, not by this find
        assertThat(pttl(value)).isLessThanOrEqualTo(IDLE.toMillis());

        Instant slid = clock.advance(Duration.ofMillis(1));
        s = store.find(value).orElseThrow();
        assertThat(storedLastAccess(value))
                .as("last access after a find one step on")
                .isEqualTo(slid.toEpochMilli());
        assertThat(s.lastAccessedAt()).isEqualTo(slid);
        assertThat(s.attribute("a")).contains("b");
        assertThat(pttl(value)).isBetween(IDLE.toMillis() - MARGIN_MILLIS, IDLE.toMillis());
    }

    @Test
    void theIdleDeadlineCountsFromTheStoredLastAccessNotFromAFindWithinTheStep() {
        String value = store.save(store.create().setAttribute("a", "b"));
        Duration step = IDLE.dividedBy(RedisSessionStore.SLIDE_SHARE);
        clock.advance(step.minusMillis(1));
        store.find(value).orElseThrow();
        clock.set(START.plus(IDLE).minusMillis(1));
        assertThat(store.find(value)).as("1 ms before the stored deadline").isPresent();
        assertThat(storedLastAccess(value))
                .as("that find slid it")
                .isEqualTo(START.plus(IDLE).minusMillis(1).toEpochMilli());

        String other = store.save(store.create().setAttribute("a", "b"));
        clock.advance(step.minusMillis(1));
        store.find(other).orElseThrow();
        clock.advance(IDLE.minus(step.minusMillis(1)));
        assertThat(store.find(other))
                .as("at the stored deadline, the find within the step notwithstanding")
                .isEmpty();
    }

    @Test
    void aLogoutBetweenTheReadAndTheSlideOfAFindLeavesNothingFound() {
        AtomicReference<String> deleteBeforeTheSlide = new AtomicReference<>();
        CommandListener logoutElsewhere = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                // runs on the calling thread just before the command is written: another server's logout lands first
                String key = deleteBeforeTheSlide.get();
                if (key != null && event.getCommand().getType().toString().equals("EVALSHA")) {
                    redis.callLong("DEL", key);
                }
            }
        };
        RedisSessionStore raced = RedisSessionStore.builder()
                .server(RedisURI.create(REDIS.url()))
                .keyPrefix(prefix)
                .policy(SessionPolicy.defaults()
                        .withIdleTimeout(IDLE)
                        .withAbsoluteTimeout(ABSOLUTE)
                        .withClock(clock))
                .commandListener(logoutElsewhere)
                .build();
        try {
            String value = raced.save(raced.create().setAttribute("a", "b"));
            clock.advance(IDLE.dividedBy(RedisSessionStore.SLIDE_SHARE));
            deleteBeforeTheSlide.set(raced.key(value));
            assertThat(raced.find(value))
                    .as("read, then ended before the slide")
                    .isEmpty();
            assertThat(redis.callLong("EXISTS", raced.key(value)))
                    .as("the slide wrote nothing")
                    .isZero();
        } finally {
            raced.close();
        }
    }

    @Test
    void findChecksTheDeadlineInTheRecordWhileRedisStillHoldsTheKey() {
        String value = store.save(store.create().setAttribute("a", "b"));
        clock.advance(IDLE);
        assertThat(store.find(value)).isEmpty();
        assertThat(redis.callLong("EXISTS", store.key(value)))
                .as("Redis's real clock has not expired it")
                .isEqualTo(1);
    }

    @Test
    void aLateSaveOfAnExpiredSessionWritesNothing() {
        String value = store.save(store.create().setAttribute("a", "b"));
        Session copy = store.find(value).orElseThrow();
        Object before = redis.call("HGETALL", store.key(value));
        clock.advance(IDLE.plusMinutes(1));
        store.save(copy.setAttribute("late", "write"));
        assertThat(redis.call("HGETALL", store.key(value))).isEqualTo(before);
        assertThatThrownBy(() -> store.changeId(copy))
                .isInstanceOf(StaleSessionException.class)
                .hasMessageContaining("expired");
        assertThat(redis.callLong("EXISTS", store.key(value)))
                .as("an expired session is not rotated")
                .isEqualTo(1);
    }

    @Test
    void redisRemovesAnExpiredSessionByItselfAndThePurgeStillCountsIt() throws InterruptedException {
        // Real time is the point: the server's own TTL.
        RedisSessionStore realTime = open(
                SessionPolicy.defaults().withIdleTimeout(Duration.ofMillis(300)).withClock(Clock.systemUTC()));
        try {
            String value = realTime.save(realTime.create().setAttribute("a", "b"));
            assertThat(pttl(value)).isBetween(1L, 300L);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (redis.callLong("EXISTS", store.key(value)) == 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(redis.callLong("EXISTS", store.key(value)))
                    .as("removed by Redis")
                    .isZero();
            assertThat(realTime.find(value)).isEmpty();
            assertThat(realTime.purgeExpired())
                    .as("the purge claims its deadline index entry")
                    .isEqualTo(1);
            assertThat(realTime.purgeExpired()).isZero();
        } finally {
            realTime.close();
        }
    }
}
