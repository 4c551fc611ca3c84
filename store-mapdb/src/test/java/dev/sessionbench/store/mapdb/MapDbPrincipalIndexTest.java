package dev.sessionbench.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.fixtures.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The principal index lives in the store file and is committed with the records it indexes. */
class MapDbPrincipalIndexTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SessionPolicy policy = SessionPolicy.defaults().withClock(clock);

    private MapDbSessionStore open() {
        return MapDbSessionStore.builder()
                .file(dir.resolve("sessions.db"))
                .policy(policy)
                .purgeInterval(Duration.ZERO)
                .build();
    }

    @Test
    void indexSurvivesAKillAfterEveryCommittedCall() {
        MapDbSessionStore store = open();
        Session a = store.create().setAttribute("principal", "alice");
        store.save(a);
        Session b = store.create().setAttribute("principal", "alice");
        store.save(b);
        store.save(store.create().setAttribute("principal", "bob"));
        Session rotated = store.changeId(store.find(a.id()).orElseThrow());
        store.save(rotated);
        store.abandonForTest(); // as kill -9: nothing more reaches the file

        store = open();
        assertThat(store.sessionsOf("alice")).extracting(Session::id).containsExactlyInAnyOrder(rotated.id(), b.id());
        store.invalidateAll("alice");
        store.abandonForTest();

        store = open();
        try {
            assertThat(store.sessionsOf("alice")).isEmpty();
            assertThat(store.find(b.id())).isEmpty();
            assertThat(store.sessionsOf("bob")).hasSize(1);
            assertThat(store.principalIndexSize()).isEqualTo(1);
        } finally {
            store.close();
        }
    }

    @Test
    void purgeLeavesNothingOfExpiredSessionsInThePrincipalIndex() {
        try (MapDbSessionStore store = open()) {
            for (int i = 0; i < 2_000; i++) {
                store.save(store.create().setAttribute("principal", "user" + (i % 100)));
            }
            assertThat(store.principalIndexSize()).isEqualTo(2_000);
            clock.advance(policy.idleTimeout());
            assertThat(store.purgeExpired()).isEqualTo(2_000);
            assertThat(store.principalIndexSize()).isZero();
        }
    }

    @Test
    void aSessionSavedUnderAnotherPrincipalAttributeJoinsTheIndexAtItsNextSave() {
        Session s;
        try (MapDbSessionStore store = MapDbSessionStore.builder()
                .file(dir.resolve("sessions.db"))
                .policy(policy.withPrincipalAttribute("user"))
                .purgeInterval(Duration.ZERO)
                .build()) {
            s = store.create().setAttribute("principal", "alice");
            store.save(s);
        }
        try (MapDbSessionStore store = open()) {
            assertThat(store.sessionsOf("alice")).isEmpty();
            store.save(store.find(s.id()).orElseThrow().setAttribute("cart", "1"));
            assertThat(store.sessionsOf("alice")).extracting(Session::id).containsExactly(s.id());
        }
    }
}
