package dev.sessionbench.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.fixtures.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryPrincipalIndexTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SessionPolicy policy = SessionPolicy.defaults().withClock(clock);

    @Test
    void purgeLeavesNothingOfExpiredSessionsInThePrincipalIndex() {
        try (MemorySessionStore store = MemorySessionStore.open(policy)) {
            for (int i = 0; i < 10_000; i++) {
                store.save(store.create().setAttribute("principal", "user" + (i % 100)));
            }
            assertThat(store.indexedPrincipals()).isEqualTo(100);
            clock.advance(policy.idleTimeout());
            assertThat(store.purgeExpired()).isEqualTo(10_000);
            assertThat(store.indexedPrincipals()).isZero();
            assertThat(store.size()).isZero();
        }
    }

    @Test
    void aBlockedListenerDoesNotStallSaves() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        SessionPolicy slow = policy.withListener(e -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        try (MemorySessionStore store = MemorySessionStore.open(slow)) {
            long start = System.nanoTime();
            for (int i = 0; i < 20_000; i++) { // more than the event queue holds
                Session s = store.create().setAttribute("principal", "alice");
                store.save(s);
                store.invalidate(s);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertThat(store.sessionsOf("alice")).isEmpty();
            release.countDown();
        }
    }
}
