package dev.sessionbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.spi.SessionAccess;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionPolicyTest {

    @Test
    void defaultsAreThirtyMinutesTwelveHoursAndTheUtcClock() {
        SessionPolicy p = SessionPolicy.defaults();
        assertThat(p.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(p.absoluteTimeout()).isEqualTo(Duration.ofHours(12));
        assertThat(p.clock().getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(p.maxSessionBytes()).isEqualTo(64 * 1024);
        assertThat(p.maxNameLength()).isEqualTo(256);
    }

    @Test
    void withMethodsReturnCopies() {
        SessionPolicy p = SessionPolicy.defaults().withIdleTimeout(Duration.ofMinutes(5));
        assertThat(p.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(SessionPolicy.defaults().idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(p).isEqualTo(SessionPolicy.defaults().withIdleTimeout(Duration.ofMinutes(5)));
    }

    @Test
    void timeoutsMustBePositiveAndAtMost400Days() {
        SessionPolicy p = SessionPolicy.defaults();
        assertThatThrownBy(() -> p.withIdleTimeout(Duration.ZERO))
                .hasMessageContaining("idle timeout must be at least 1 ms");
        assertThatThrownBy(() -> p.withIdleTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.withAbsoluteTimeout(Duration.ofDays(401))).hasMessageContaining("at most 400 days");
        assertThatThrownBy(() -> p.withAbsoluteTimeout(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("absolute timeout");
        assertThatThrownBy(() -> p.withClock(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("clock");
    }

    @Test
    void limitsAreRangeChecked() {
        SessionPolicy p = SessionPolicy.defaults();
        assertThatThrownBy(() -> p.withMaxSessionBytes(0)).hasMessageContaining("max session bytes must be between 1");
        assertThatThrownBy(() -> p.withMaxNameLength(-3)).hasMessageContaining("was -3");
        assertThatThrownBy(() -> p.withMaxAttributes(70_000)).hasMessageContaining("65536");
    }

    @Test
    void clockIsKept() {
        Clock fixed = Clock.fixed(java.time.Instant.EPOCH, ZoneOffset.UTC);
        assertThat(SessionPolicy.defaults().withClock(fixed).clock()).isSameAs(fixed);
    }

    @Test
    void principalSettingsDefaultToThePrincipalAttributeAndNoCap() {
        SessionPolicy p = SessionPolicy.defaults();
        assertThat(p.principalAttribute()).isEqualTo("principal");
        assertThat(p.maxSessionsPerPrincipal()).isZero();
        assertThat(p.listeners()).isEmpty();
    }

    @Test
    void principalSettingsAreKeptByEveryOtherCopy() {
        SessionListener listener = e -> {};
        SessionPolicy p = SessionPolicy.defaults()
                .withPrincipalAttribute("user")
                .withMaxSessionsPerPrincipal(3)
                .withListener(listener)
                .withIdleTimeout(Duration.ofMinutes(5))
                .withMaxAttributes(10);
        assertThat(p.principalAttribute()).isEqualTo("user");
        assertThat(p.maxSessionsPerPrincipal()).isEqualTo(3);
        assertThat(p.listeners()).containsExactly(listener);
        assertThat(p.withListener(listener).listeners()).hasSize(2);
        assertThat(p.withListeners(java.util.List.of()).listeners()).isEmpty();
        assertThat(p)
                .isNotEqualTo(SessionPolicy.defaults()
                        .withIdleTimeout(Duration.ofMinutes(5))
                        .withMaxAttributes(10));
    }

    @Test
    void principalSettingsAreChecked() {
        SessionPolicy p = SessionPolicy.defaults();
        assertThatThrownBy(() -> p.withMaxSessionsPerPrincipal(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 (no cap) or more, was -1");
        assertThatThrownBy(() -> p.withPrincipalAttribute(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> p.withPrincipalAttribute(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> p.withListener(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("listener");
    }

    @Test
    void principalOfIgnoresABlankValue() {
        SessionPolicy p = SessionPolicy.defaults();
        Session s = SessionAccess.newSession(SessionIds.generate(), p);
        assertThat(p.principalOf(s)).isEmpty();
        assertThat(p.principalOf(s.setAttribute("principal", " "))).isEmpty();
        assertThat(p.principalOf(s.setAttribute("principal", "alice"))).contains("alice");
    }
}
