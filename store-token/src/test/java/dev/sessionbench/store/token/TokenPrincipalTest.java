package dev.sessionbench.store.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStoreFullException;
import dev.sessionbench.fixtures.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the token store does with the sessions of a principal, with and without its denylist. */
class TokenPrincipalTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SessionPolicy policy = SessionPolicy.defaults().withClock(clock);

    @Test
    void withoutADenylistSessionsOfAndInvalidateAllSayWhyTheyCannot() {
        try (TokenSessionStore store =
                TokenSessionStore.builder().policy(policy).build()) {
            assertThatThrownBy(() -> store.sessionsOf("alice"))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("keeps no sessions");
            assertThatThrownBy(() -> store.invalidateAll("alice"))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("revocation=memory");
            assertThatThrownBy(() -> store.sessionsOf(" ")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aCapIsRefusedWhenTheStoreIsBuilt() {
        assertThatThrownBy(() -> TokenSessionStore.builder()
                        .policy(policy.withMaxSessionsPerPrincipal(3))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot cap");
    }

    @Test
    void invalidateAllRefusesEarlierSessionsIncludingReissuedTokensAndLeavesLaterLoginsAlone() {
        try (TokenSessionStore store = TokenSessionStore.builder()
                .policy(policy)
                .revocation(TokenSessionStore.Revocation.MEMORY)
                .build()) {
            String before = store.save(store.create().setAttribute("principal", "alice"));
            Session stale = store.find(before).orElseThrow();
            String bob = store.save(store.create().setAttribute("principal", "bob"));
            clock.advance(Duration.ofMinutes(1));
            store.invalidateAll("alice");
            assertThat(store.find(before)).isEmpty();
            assertThat(store.find(store.save(stale.setAttribute("cart", "1"))))
                    .as("re-issued by a late save")
                    .isEmpty();
            assertThat(store.find(bob)).isPresent();
            clock.advance(Duration.ofMillis(1));
            String after = store.save(store.create().setAttribute("principal", "alice"));
            assertThat(store.find(after)).isPresent();
            clock.advance(policy.absoluteTimeout().plusMinutes(2));
            assertThat(store.purgeExpired())
                    .as("the cutoff, once no earlier token can be valid")
                    .isEqualTo(1);
        }
    }

    @Test
    void aFullCutoffTableRefusesTheCallRatherThanPretending() {
        try (TokenSessionStore store = TokenSessionStore.builder()
                .policy(policy)
                .revocation(TokenSessionStore.Revocation.MEMORY)
                .maxRevoked(2)
                .build()) {
            store.invalidateAll("a");
            store.invalidateAll("b");
            store.invalidateAll("a"); // an existing principal needs no room
            assertThatThrownBy(() -> store.invalidateAll("c"))
                    .isInstanceOf(SessionStoreFullException.class)
                    .hasMessageContaining("maxRevoked");
        }
    }
}
