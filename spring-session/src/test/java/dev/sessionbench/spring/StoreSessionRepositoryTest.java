package dev.sessionbench.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.fixtures.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the contract suite cannot see: Spring's own session API on the repository. */
class StoreSessionRepositoryTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(START);
    private final SessionPolicy policy = SessionPolicy.defaults().withIdleTimeout(Duration.ofMinutes(30))
            .withAbsoluteTimeout(Duration.ofHours(2)).withClock(clock);
    private final SessionStore store = SessionStores.open("memory:", policy);
    private final StoreSessionRepository repository = new StoreSessionRepository(store, AttributeCodec.simpleTypes());

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void maxInactiveIntervalIsThePolicysAndAnotherOneIsRefused() {
        StoreSessionRepository.StoreSession s = repository.createSession();
        assertThat(s.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
        s.setMaxInactiveInterval(Duration.ofMinutes(30)); // the same value is accepted
        assertThatThrownBy(() -> s.setMaxInactiveInterval(Duration.ofMinutes(5)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("PT5M").hasMessageContaining("PT30M").hasMessageContaining("spring.session.timeout");
        assertThat(s.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void timesAndExpiryComeFromTheStoresRecord() {
        StoreSessionRepository.StoreSession s = repository.createSession();
        s.setAttribute("count", 1);
        repository.save(s);
        clock.advance(Duration.ofMinutes(10));
        StoreSessionRepository.StoreSession found = repository.findById(s.getId());
        found.setLastAccessedTime(Instant.EPOCH); // ignored: the store's find recorded the access
        assertThat(found.getCreationTime()).isEqualTo(START);
        assertThat(found.getLastAccessedTime()).isEqualTo(START.plus(Duration.ofMinutes(10)));
        assertThat(found.getExpiresAt()).isEqualTo(START.plus(Duration.ofMinutes(40)));
        assertThat(found.isExpired()).isFalse();
        assertThat((Integer) found.getAttribute("count")).isEqualTo(1);
        clock.advance(Duration.ofMinutes(30));
        assertThat(found.isExpired()).isTrue();
        assertThat(repository.findById(s.getId())).isNull();
    }

    @Test
    void unknownTypeFailsAtSetAttributeAndNothingOfItIsSaved() {
        StoreSessionRepository.StoreSession s = repository.createSession();
        s.setAttribute("ok", "yes");
        assertThatThrownBy(() -> s.setAttribute("bad", new StringBuilder("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.StringBuilder").hasMessageContaining("sessionbench.session.attribute-types");
        repository.save(s);
        StoreSessionRepository.StoreSession found = repository.findById(s.getId());
        assertThat(found.getAttributeNames()).containsExactly("ok");
    }

    @Test
    void readReturnsTheObjectTheRequestSetAndNullRemoves() {
        StoreSessionRepository.StoreSession s = repository.createSession();
        Long big = 1L << 40;
        s.setAttribute("n", big);
        assertThat((Object) s.getAttribute("n")).isSameAs(big);
        s.setAttribute("n", null);
        assertThat((Object) s.getAttribute("n")).isNull();
        assertThat(s.getAttributeNames()).isEmpty();
    }

    @Test
    void changeSessionIdIsTheStoresChangeIdAndTheOldIdStopsResolving() {
        StoreSessionRepository.StoreSession s = repository.createSession();
        s.setAttribute("user", "anonymous");
        repository.save(s);
        String old = s.getId();
        StoreSessionRepository.StoreSession found = repository.findById(old);
        String rotated = found.changeSessionId();
        found.setAttribute("user", "alice");
        repository.save(found);
        assertThat(rotated).isNotEqualTo(old).isEqualTo(found.getId());
        assertThat(repository.findById(old)).isNull();
        assertThat((String) repository.findById(rotated).getAttribute("user")).isEqualTo("alice");
    }

    @Test
    void deleteByIdEndsTheSessionAndALateSaveDoesNotReviveIt() {
        StoreSessionRepository.StoreSession s = repository.createSession();
        s.setAttribute("user", "alice");
        repository.save(s);
        StoreSessionRepository.StoreSession slow = repository.findById(s.getId());
        repository.deleteById(s.getId());
        slow.setAttribute("cart", "late");
        repository.save(slow);
        assertThat(repository.findById(s.getId())).isNull();
        repository.deleteById(s.getId()); // twice is harmless
        repository.deleteById("not an id");
    }

    @Test
    void malformedIdsAreNotLookedUp() {
        assertThat(repository.findById(null)).isNull();
        assertThat(repository.findById("")).isNull();
        assertThat(repository.findById("../../etc/passwd")).isNull();
    }

    @Test
    void storeThatIssuesANewValueOnSaveIsRefusedWithTheReason() {
        try (SessionStore tokens = SessionStores.open("token:", policy)) {
            StoreSessionRepository overTokens = new StoreSessionRepository(tokens, AttributeCodec.simpleTypes());
            StoreSessionRepository.StoreSession s = overTokens.createSession();
            s.setAttribute("user", "alice");
            assertThatThrownBy(() -> overTokens.save(s))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("stays the same between saves");
        }
    }
}
