package dev.sessionbench.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.fixtures.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.session.FindByIndexNameSessionRepository;

/** What the contract suite cannot see: Spring's own session API on the repository. */
class StoreSessionRepositoryTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(START);
    private final SessionPolicy policy = SessionPolicy.defaults()
            .withIdleTimeout(Duration.ofMinutes(30))
            .withAbsoluteTimeout(Duration.ofHours(2))
            .withClock(clock);
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
                .hasMessageContaining("PT5M")
                .hasMessageContaining("PT30M")
                .hasMessageContaining("spring.session.timeout");
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
                .hasMessageContaining("java.lang.StringBuilder")
                .hasMessageContaining("sessionbench.session.attribute-types");
        repository.save(s);
        StoreSessionRepository.StoreSession found = repository.findById(s.getId());
        assertThat(found.getAttributeNames()).containsExactly("ok");
    }

    @Test
    void readReturnsTheObjectTheRequestSetAndNullRemoves() {
        StoreSessionRepository.StoreSession s = repository.createSession();
        Long big = 1L << 40;
        s.setAttribute("n", big);
        assertThat(s.<Long>getAttribute("n")).isSameAs(big);
        s.setAttribute("n", null);
        assertThat(s.<Long>getAttribute("n")).isNull();
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

    // ---- the principal index ------------------------------------------------------------------------------------

    private static final String PRINCIPAL = FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME;

    /** Saves a new session whose principal is set under {@code attributeName}; returns its ID. */
    private String savedAs(String attributeName, String user) {
        StoreSessionRepository.StoreSession s = repository.createSession();
        s.setAttribute(attributeName, user);
        repository.save(s);
        return s.getId();
    }

    @Test
    void findByPrincipalNameReturnsTheUsersSavedSessionsById() {
        String viaSpring = savedAs(PRINCIPAL, "alice");
        String viaStore = savedAs(policy.principalAttribute(), "alice");
        String bob = savedAs(PRINCIPAL, "bob");
        savedAs("theme", "dark");
        repository.createSession().setAttribute(PRINCIPAL, "alice"); // never saved: not listed
        clock.advance(Duration.ofMinutes(5));

        Map<String, StoreSessionRepository.StoreSession> alice = repository.findByPrincipalName("alice");
        assertThat(alice).containsOnlyKeys(viaSpring, viaStore);
        alice.forEach((id, s) -> {
            assertThat(s.getId()).isEqualTo(id);
            assertThat((String) s.getAttribute(PRINCIPAL)).isEqualTo("alice");
            assertThat((String) s.getAttribute(policy.principalAttribute())).isEqualTo("alice");
            assertThat(s.getLastAccessedTime()).as("listing is not an access").isEqualTo(START);
        });
        assertThat(alice.get(viaSpring).getAttributeNames())
                .as("one stored attribute, under the policy's name")
                .containsExactly(policy.principalAttribute());
        assertThat(repository.findByIndexNameAndIndexValue(PRINCIPAL, "alice")).containsOnlyKeys(viaSpring, viaStore);
        assertThat(repository.findByPrincipalName("bob")).containsOnlyKeys(bob);
        assertThat(repository.findByPrincipalName("Alice"))
                .as("names are compared exactly")
                .isEmpty();
        assertThat(repository.findByPrincipalName("nobody")).isEmpty();
    }

    @Test
    void findByPrincipalNameFollowsARotationAtLogin() {
        String anonymous = savedAs("cart", "1");
        StoreSessionRepository.StoreSession login = repository.findById(anonymous);
        String rotated = login.changeSessionId();
        login.setAttribute(PRINCIPAL, "alice");
        repository.save(login);
        assertThat(repository.findByPrincipalName("alice")).containsOnlyKeys(rotated);

        StoreSessionRepository.StoreSession again = repository.findById(rotated);
        String second = again.changeSessionId();
        repository.save(again);
        assertThat(repository.findByPrincipalName("alice")).containsOnlyKeys(second);
    }

    @Test
    void changeOrRemovalOfThePrincipalMovesTheSessionInTheIndex() {
        String id = savedAs(PRINCIPAL, "alice");
        StoreSessionRepository.StoreSession s = repository.findById(id);
        s.setAttribute(PRINCIPAL, "bob");
        repository.save(s);
        assertThat(repository.findByPrincipalName("alice")).isEmpty();
        assertThat(repository.findByPrincipalName("bob")).containsOnlyKeys(id);
        s = repository.findById(id);
        s.removeAttribute(PRINCIPAL);
        repository.save(s);
        assertThat(repository.findByPrincipalName("bob")).isEmpty();
        assertThat(repository.findById(id)).as("the session itself lives on").isNotNull();
    }

    @Test
    void deleteByIdDropsTheEndedSessionsAndALateSaveDoesNotBringOneBack() {
        String phone = savedAs(PRINCIPAL, "alice");
        String laptop = savedAs(PRINCIPAL, "alice");
        String bob = savedAs(PRINCIPAL, "bob");
        StoreSessionRepository.StoreSession slowRequest = repository.findById(laptop);
        repository.deleteById(phone);
        assertThat(repository.findByPrincipalName("alice")).containsOnlyKeys(laptop);

        // signing the user out everywhere through Spring's API: list, then delete each
        repository.findByPrincipalName("alice").keySet().forEach(repository::deleteById);
        slowRequest.setAttribute("cart", "late");
        repository.save(slowRequest);
        assertThat(repository.findByPrincipalName("alice")).isEmpty();
        assertThat(repository.findById(laptop)).isNull();
        assertThat(repository.findByPrincipalName("bob")).containsOnlyKeys(bob);
    }

    @Test
    void findByPrincipalNameNeverReturnsAnExpiredSession() {
        String old = savedAs(PRINCIPAL, "alice");
        clock.advance(Duration.ofMinutes(20));
        String recent = savedAs(PRINCIPAL, "alice");
        assertThat(repository.findByPrincipalName("alice")).containsOnlyKeys(old, recent);
        clock.advance(Duration.ofMinutes(15)); // old is 35 min idle, past the 30 min idle timeout
        assertThat(repository.findByPrincipalName("alice"))
                .as("without a purge")
                .containsOnlyKeys(recent);
        clock.advance(Duration.ofMinutes(30));
        assertThat(repository.findByPrincipalName("alice")).isEmpty();
    }

    @Test
    void anyOtherIndexNameFindsNothingAndANullOneIsRefused() {
        savedAs(PRINCIPAL, "alice");
        assertThat(repository.findByIndexNameAndIndexValue("department", "alice"))
                .isEmpty();
        assertThat(repository.findByIndexNameAndIndexValue(policy.principalAttribute(), "alice"))
                .as("the store's attribute name is no index name")
                .isEmpty();
        assertThatThrownBy(() -> repository.findByIndexNameAndIndexValue(null, "alice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("indexName must not be null")
                .hasMessageContaining(PRINCIPAL);
    }

    @Test
    void nullOrBlankPrincipalNameIsRefused() {
        for (String bad : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> repository.findByPrincipalName(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("principal must not be");
        }
    }

    @Test
    void principalThatIsNotAPlainStringIsRefusedAtSetAttribute() {
        StoreSessionRepository.StoreSession s = repository.createSession();
        for (String name : new String[] {PRINCIPAL, policy.principalAttribute()}) {
            assertThatThrownBy(() -> s.setAttribute(name, 42))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(name)
                    .hasMessageContaining("java.lang.Integer");
            assertThatThrownBy(() -> s.setAttribute(name, "\u0001alice"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("U+0001");
        }
        assertThat(s.getAttributeNames()).isEmpty();
        s.setAttribute(PRINCIPAL, "alice");
        s.setAttribute(PRINCIPAL, null); // null removes, as for any attribute
        repository.save(s);
        assertThat(repository.findByPrincipalName("alice")).isEmpty();
    }

    @Test
    void storeThatCannotListSaysSoInsteadOfFindingNothing() {
        try (SessionStore tokens = SessionStores.open("token:", policy)) {
            StoreSessionRepository overTokens = new StoreSessionRepository(tokens, AttributeCodec.simpleTypes());
            assertThatThrownBy(() -> overTokens.findByPrincipalName("alice"))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
