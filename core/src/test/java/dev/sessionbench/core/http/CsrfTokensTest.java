package dev.sessionbench.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.Session;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CsrfTokensTest {

    private final MapStore store = new MapStore();

    @Test
    void tokenHasAtLeast128RandomBitsAndIsKeptAsAnAttribute() {
        Session s = store.create();
        String token = CsrfTokens.tokenFor(s);
        assertThat(Base64.getUrlDecoder().decode(token)).hasSizeGreaterThanOrEqualTo(16);
        assertThat(s.attribute(CsrfTokens.ATTRIBUTE)).contains(token);
        assertThat(CsrfTokens.tokenFor(s)).as("the same token on the next call").isEqualTo(token);
    }

    @Test
    void tokensAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            seen.add(CsrfTokens.tokenFor(store.create()));
        }
        assertThat(seen).hasSize(1_000);
    }

    @Test
    void matchesOnlyTheSessionsToken() {
        Session s = store.create();
        String token = CsrfTokens.tokenFor(s);
        assertThat(CsrfTokens.matches(s, token)).isTrue();
        assertThat(CsrfTokens.matches(s, null)).isFalse();
        assertThat(CsrfTokens.matches(s, "")).isFalse();
        assertThat(CsrfTokens.matches(s, token.substring(1))).isFalse();
        assertThat(CsrfTokens.matches(s, token + "x")).isFalse();
        assertThat(CsrfTokens.matches(s, CsrfTokens.tokenFor(store.create()))).isFalse();
    }

    @Test
    void sessionWithoutATokenMatchesNothing() {
        Session s = store.create();
        assertThat(CsrfTokens.matches(s, "")).isFalse();
        assertThat(CsrfTokens.matches(s, "anything")).isFalse();
    }

    @Test
    void changeIdAndTokenReplacesBothTogether() {
        Session s = store.create().setAttribute("user", "anonymous");
        String oldToken = CsrfTokens.tokenFor(s);
        store.save(s);
        Session rotated = CsrfTokens.changeIdAndToken(store, store.find(s.id()).orElseThrow());
        assertThat(rotated.id()).isNotEqualTo(s.id());
        assertThat(CsrfTokens.matches(rotated, oldToken))
                .as("the pre-login token")
                .isFalse();
        assertThat(CsrfTokens.matches(rotated, CsrfTokens.tokenFor(rotated))).isTrue();
        store.save(rotated);
        Session reloaded = store.find(rotated.id()).orElseThrow();
        assertThat(CsrfTokens.matches(reloaded, oldToken)).isFalse();
        assertThat(reloaded.attribute("user")).contains("anonymous");
        assertThat(store.find(s.id())).isEmpty();
    }

    @Test
    void aTokenWithoutASessionIsComparedWithTheCookieCopy() {
        String token = CsrfTokens.newToken();
        assertThat(CsrfTokens.isWellFormed(token)).isTrue();
        assertThat(token).hasSize(43).isNotEqualTo(CsrfTokens.newToken());
        assertThat(CsrfTokens.sameToken(token, token)).isTrue();
        assertThat(CsrfTokens.sameToken(token, token.substring(1))).isFalse();
        assertThat(CsrfTokens.sameToken(token, null)).isFalse();
        assertThat(CsrfTokens.sameToken(null, token)).isFalse();
        assertThat(CsrfTokens.sameToken("x", "x"))
                .as("a cookie value that is no token of ours")
                .isFalse();
        assertThat(CsrfTokens.isWellFormed(token.substring(1) + "*")).isFalse();
    }
}
