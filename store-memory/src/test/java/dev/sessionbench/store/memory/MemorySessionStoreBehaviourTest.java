package dev.sessionbench.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStoreFullException;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.fixtures.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the memory store promises beyond the contract: purge cost, the cap, the background purge, its options. */
class MemorySessionStoreBehaviourTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SessionPolicy policy =
            SessionPolicy.defaults().withIdleTimeout(Duration.ofMinutes(30)).withClock(clock);

    private static String saveOne(SessionStore store, String value) {
        return store.save(store.create().setAttribute("v", value));
    }

    @Test
    void purgeExaminesOnlyTheExpiredWhenFewExpireAmongMany() {
        try (MemorySessionStore store = MemorySessionStore.builder()
                .policy(policy)
                .maxSessions(MemorySessionStore.UNLIMITED)
                .purgeInterval(Duration.ZERO)
                .build()) {
            List<String> old = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                old.add(saveOne(store, "old"));
            }
            clock.advance(Duration.ofMinutes(20));
            for (int i = 0; i < 200_000; i++) {
                saveOne(store, "live");
            }
            clock.advance(Duration.ofMinutes(15));

            assertThat(store.purgeExpired()).isEqualTo(1_000);
            assertThat(store.lastPurgeExamined).isEqualTo(1_000);
            assertThat(store.size()).isEqualTo(200_000);
            assertThat(store.find(old.get(0))).isEmpty();
        }
    }

    @Test
    void purgeKeepsSessionsWhoseIdleDeadlineSlidAndReclaimsThemLater() {
        try (MemorySessionStore store = MemorySessionStore.open(policy)) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                values.add(saveOne(store, "v"));
            }
            clock.advance(Duration.ofMinutes(20));
            for (int i = 0; i < 300; i++) {
                assertThat(store.find(values.get(i))).isPresent(); // slides these 300 to minute 50
            }
            clock.advance(Duration.ofMinutes(15));
            assertThat(store.purgeExpired()).isEqualTo(700);
            assertThat(store.lastPurgeExamined).isEqualTo(1_000);
            assertThat(store.size()).isEqualTo(300);

            clock.advance(Duration.ofMinutes(16)); // minute 51: the slid ones expire too
            assertThat(store.purgeExpired()).isEqualTo(300);
            assertThat(store.lastPurgeExamined).isEqualTo(300);
            assertThat(store.size()).isZero();
        }
    }

    @Test
    void purgeAtTheDeadlineReclaimsWhatIsDueAndKeepsWhatIsDueAMomentLater() {
        try (MemorySessionStore store = MemorySessionStore.builder()
                .policy(policy)
                .purgeInterval(Duration.ZERO)
                .build()) {
            String first = saveOne(store, "first");
            clock.advance(Duration.ofMillis(1));
            String second = saveOne(store, "second"); // same slot of the index, due 1 ms later
            clock.advance(Duration.ofMinutes(30).minusMillis(1)); // the first one's deadline exactly

            assertThat(store.purgeExpired()).isEqualTo(1);
            assertThat(store.lastPurgeExamined).isEqualTo(1);
            assertThat(store.find(first)).isEmpty();
            clock.advance(Duration.ofMillis(1));
            assertThat(store.purgeExpired()).isEqualTo(1);
            assertThat(store.find(second)).isEmpty();
            assertThat(store.size()).isZero();
        }
    }

    @Test
    void invalidatedAndRotatedSessionsLeaveTheExpiryIndexAtOnce() {
        try (MemorySessionStore store = MemorySessionStore.builder()
                .policy(policy)
                .purgeInterval(Duration.ZERO)
                .build()) {
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                String value = saveOne(store, "v");
                sessions.add(store.find(value).orElseThrow());
            }
            for (int i = 0; i < 500; i++) {
                store.invalidate(sessions.get(i));
            }
            List<String> rotated = new ArrayList<>();
            for (int i = 500; i < 1_000; i++) {
                rotated.add(store.changeId(sessions.get(i)).id());
            }
            clock.advance(Duration.ofMinutes(31));
            assertThat(store.purgeExpired()).isEqualTo(500);
            assertThat(store.lastPurgeExamined).isEqualTo(500); // only the rotated ones: nothing left behind
            assertThat(store.find(rotated.get(0))).isEmpty();
            assertThat(store.size()).isZero();
        }
    }

    @Test
    void purgeWithNothingDueExaminesNothing() {
        try (MemorySessionStore store = MemorySessionStore.open(policy)) {
            for (int i = 0; i < 10_000; i++) {
                saveOne(store, "live");
            }
            assertThat(store.purgeExpired()).isZero();
            assertThat(store.lastPurgeExamined).isZero();
        }
    }

    @Test
    void saveBeyondTheCapIsRefusedUntilAnExpiredSessionCanBePurged() {
        try (MemorySessionStore store =
                MemorySessionStore.builder().policy(policy).maxSessions(3).build()) {
            for (int i = 0; i < 3; i++) {
                saveOne(store, "v" + i);
            }
            Session fourth = store.create();
            assertThatThrownBy(() -> store.save(fourth))
                    .isInstanceOf(SessionStoreFullException.class)
                    .hasMessageContaining("maximum of 3 live sessions");
            assertThat(store.find(fourth.id())).isEmpty();

            clock.advance(Duration.ofMinutes(31));
            String value = store.save(fourth.setAttribute("a", "b"));
            assertThat(store.find(value)).isPresent();
            assertThat(store.size()).isEqualTo(1);
        }
    }

    @Test
    void invalidateAndChangeIdKeepTheCapCountRight() {
        try (MemorySessionStore store =
                MemorySessionStore.builder().policy(policy).maxSessions(2).build()) {
            String a = saveOne(store, "a");
            String b = saveOne(store, "b");
            store.save(store.changeId(store.find(a).orElseThrow()));
            store.invalidate(store.find(b).orElseThrow());
            saveOne(store, "c"); // one slot was freed by the invalidate, none taken by the rotation
            assertThatThrownBy(() -> saveOne(store, "d")).isInstanceOf(SessionStoreFullException.class);
        }
    }

    @Test
    void backgroundPurgeReclaimsExpiredSessionsAndStopsOnClose() throws InterruptedException {
        MemorySessionStore store = MemorySessionStore.builder()
                .policy(policy)
                .purgeInterval(Duration.ofMillis(10))
                .build();
        for (int i = 0; i < 100; i++) {
            saveOne(store, "v");
        }
        clock.advance(Duration.ofMinutes(31));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (store.size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5); // real time: the purge thread runs on a real schedule
        }
        assertThat(store.size()).isZero();
        store.close();
        Thread.sleep(50);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("sessionbench-purge: memory store") && t.isAlive());
    }

    @Test
    void uriOptionsConfigureTheStore() {
        try (SessionStore store = SessionStores.open("memory:?maxSessions=1&purgeInterval=1h", policy)) {
            saveOne(store, "one");
            assertThatThrownBy(() -> saveOne(store, "two")).isInstanceOf(SessionStoreFullException.class);
        }
    }

    @Test
    void defaultStoreIsCappedAndPurgesInTheBackground() {
        try (MemorySessionStore byUri = (MemorySessionStore) SessionStores.open("memory:", policy);
                MemorySessionStore built = MemorySessionStore.open(policy)) {
            for (MemorySessionStore store : List.of(byUri, built)) {
                assertThat(store.maxSessions())
                        .isEqualTo(MemorySessionStore.DEFAULT_MAX_SESSIONS)
                        .isEqualTo(100_000);
                assertThat(store.purgeInterval())
                        .isEqualTo(MemorySessionStore.DEFAULT_PURGE_INTERVAL)
                        .isEqualTo(Duration.ofMinutes(1));
                assertThat(store.purgeThreadAlive()).isTrue();
            }
        }
    }

    @Test
    void purgeIntervalZeroTurnsTheBackgroundPurgeOffAndUnlimitedLiftsTheCap() {
        try (MemorySessionStore store =
                (MemorySessionStore) SessionStores.open("memory:?purgeInterval=0&maxSessions=unlimited", policy)) {
            assertThat(store.purgeThreadAlive()).isFalse();
            assertThat(store.maxSessions()).isEqualTo(MemorySessionStore.UNLIMITED);
        }
    }

    @Test
    void atTheDefaultCapANewSessionIsRefusedAndEveryLiveOneStillResolves() {
        try (MemorySessionStore store = MemorySessionStore.open(policy)) {
            List<String> live = new ArrayList<>();
            for (int i = 0; i < MemorySessionStore.DEFAULT_MAX_SESSIONS; i++) {
                live.add(store.save(store.create()));
            }
            assertThatThrownBy(() -> saveOne(store, "one too many"))
                    .isInstanceOf(SessionStoreFullException.class)
                    .hasMessageContaining("maximum of 100000 live sessions")
                    .hasMessageContaining("maxSessions");
            assertThat(store.size()).isEqualTo(MemorySessionStore.DEFAULT_MAX_SESSIONS);
            assertThat(live).allMatch(v -> store.find(v).isPresent());
            // Expired sessions make room at once: the save that meets the cap purges them first.
            clock.advance(Duration.ofMinutes(31));
            saveOne(store, "after expiry");
            assertThat(store.size()).isEqualTo(1);
        }
    }

    @Test
    void unknownOrMalformedUriOptionsAreRefused() {
        assertThatThrownBy(() -> SessionStores.open("memory:?maxSesions=10", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSesions")
                .hasMessageContaining("maxSessions");
        assertThatThrownBy(() -> SessionStores.open("memory:?maxSessions=lots", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> SessionStores.open("memory:?purgeInterval=soon", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> SessionStores.open("memory:/some/path", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no path");
    }

    @Test
    void builderRefusesImpossibleSettings() {
        assertThatThrownBy(() -> MemorySessionStore.builder().maxSessions(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> MemorySessionStore.builder().purgeInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("purgeInterval");
    }
}
