package dev.sessionbench.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionCookieTest {

    private final String id = SessionIds.generate();

    @Test
    void setCookieHasTheSafeDefaults() {
        assertThat(SessionCookie.defaults().setCookie(id))
                .isEqualTo("__Host-sid=" + id + "; Path=/; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void setCookieIsASessionCookieUnlessMaxAgeIsSet() {
        assertThat(SessionCookie.defaults().setCookie(id))
                .doesNotContain("Max-Age")
                .doesNotContain("Expires")
                .doesNotContain("Domain");
        SessionCookie persistent =
                SessionCookie.builder().maxAge(Duration.ofHours(2)).build();
        assertThat(persistent.setCookie(id))
                .isEqualTo("__Host-sid=" + id + "; Max-Age=7200; Path=/; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void deleteCookieKeepsNameAndPathAndSetsMaxAgeZero() {
        assertThat(SessionCookie.defaults().deleteCookie())
                .isEqualTo("__Host-sid=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax");
        SessionCookie scoped = SessionCookie.builder()
                .name("app")
                .path("/app")
                .domain("example.com")
                .sameSite(SameSite.STRICT)
                .build();
        assertThat(scoped.deleteCookie())
                .isEqualTo("app=; Max-Age=0; Path=/app; Domain=example.com; Secure; HttpOnly; SameSite=Strict");
    }

    @Test
    void maxAgeLongerThanTheAbsoluteTimeoutIsRefused() {
        SessionPolicy policy = SessionPolicy.defaults().withAbsoluteTimeout(Duration.ofHours(1));
        assertThatThrownBy(() -> SessionCookie.builder()
                        .policy(policy)
                        .maxAge(Duration.ofHours(2))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute timeout");
        assertThat(SessionCookie.builder()
                        .policy(policy)
                        .maxAge(Duration.ofHours(1))
                        .build()
                        .setCookie(id))
                .contains("Max-Age=3600");
    }

    @Test
    void maxAgeOver400DaysIsRefused() {
        SessionPolicy longLived = SessionPolicy.defaults().withAbsoluteTimeout(Duration.ofDays(400));
        assertThatThrownBy(() -> SessionCookie.builder()
                        .policy(longLived)
                        .maxAge(Duration.ofDays(401))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("400 days");
        assertThat(SessionCookie.builder()
                        .policy(longLived)
                        .maxAge(Duration.ofDays(400))
                        .build()
                        .setCookie(id))
                .contains("Max-Age=34560000");
    }

    @Test
    void maxAgeUnderOneSecondIsRefused() {
        assertThatThrownBy(() -> SessionCookie.builder().maxAge(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 second");
        assertThatThrownBy(() ->
                        SessionCookie.builder().maxAge(Duration.ofSeconds(-5)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostPrefixWithADomainIsRefused() {
        assertThatThrownBy(() -> SessionCookie.builder().domain("example.com").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("__Host-")
                .hasMessageContaining("must not have a Domain");
    }

    @Test
    void hostPrefixWithoutSecureIsRefused() {
        assertThatThrownBy(() -> SessionCookie.builder().secure(false).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be Secure");
        assertThatThrownBy(() ->
                        SessionCookie.builder().name("__host-x").secure(false).build())
                .as("the prefix is matched without regard to case")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostPrefixWithAnotherPathIsRefused() {
        assertThatThrownBy(() -> SessionCookie.builder().path("/app").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Path=/");
    }

    @Test
    void securePrefixWithoutSecureIsRefused() {
        assertThatThrownBy(() -> SessionCookie.builder()
                        .name("__Secure-sid")
                        .secure(false)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("__Secure-");
    }

    @Test
    void sameSiteNoneWithoutSecureIsRefused() {
        assertThatThrownBy(() -> SessionCookie.builder()
                        .name("sid")
                        .secure(false)
                        .sameSite(SameSite.NONE)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SameSite=None requires Secure");
        assertThat(SessionCookie.builder().sameSite(SameSite.NONE).build().setCookie(id))
                .endsWith("SameSite=None");
    }

    @Test
    void nameThatIsNotATokenIsRefused() {
        for (String bad : new String[] {"", "s id", "sid;", "s=id", "s\u0000id", "s\u00e9", "(sid)", "s\"id", "a,b"}) {
            assertThatThrownBy(() -> SessionCookie.builder().name(bad).build())
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("token");
        }
    }

    @Test
    void nameTooLongForAnIdIsRefused() {
        assertThatThrownBy(() -> SessionCookie.builder()
                        .name("n".repeat(4096 - SessionIds.LENGTH + 1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4096");
    }

    @Test
    void nameAndValueOver4096BytesAreRefusedWhenWritten() {
        SessionCookie cookie = SessionCookie.defaults();
        String fits = "a".repeat(4096 - cookie.name().length());
        assertThat(cookie.setCookie(fits)).startsWith("__Host-sid=" + fits + ";");
        assertThatThrownBy(() -> cookie.setCookie(fits + "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4097 bytes")
                .hasMessageContaining("BearerTransport")
                .hasMessageNotContaining(fits);
    }

    @Test
    void valueThatWouldInjectAHeaderIsRefusedWithoutShowingIt() {
        SessionCookie cookie = SessionCookie.defaults();
        for (String bad :
                new String[] {"", "a b", "a;Domain=evil", "a\r\nSet-Cookie: x=y", "\"quoted\"", "a,b", "\u00e9"}) {
            assertThatThrownBy(() -> cookie.setCookie(bad))
                    .as(bad.replace("\r\n", "CRLF"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot be a cookie value");
        }
    }

    @Test
    void badPathOrDomainIsRefused() {
        assertThatThrownBy(() -> SessionCookie.builder().name("sid").path("app").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start with '/'");
        assertThatThrownBy(() ->
                        SessionCookie.builder().name("sid").path("/a;Domain=x").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionCookie.builder()
                        .name("sid")
                        .domain(".example.com")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no leading dot");
        assertThatThrownBy(
                        () -> SessionCookie.builder().name("sid").domain("a b").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void developmentCookieForPlainHttpNeedsANameWithoutPrefix() {
        SessionCookie dev = SessionCookie.builder().name("sid").secure(false).build();
        assertThat(dev.setCookie(id)).isEqualTo("sid=" + id + "; Path=/; HttpOnly; SameSite=Lax");
        assertThat(dev.deleteCookie()).isEqualTo("sid=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void parserLimitsAreChecked() {
        assertThatThrownBy(
                        () -> SessionCookie.builder().legacyName("__Host-sid").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("legacy name");
        assertThatThrownBy(() -> SessionCookie.builder().legacyName("a b").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("legacy");
        assertThatThrownBy(() -> SessionCookie.builder().maxHeaderChars(10).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxHeaderChars");
    }
}
