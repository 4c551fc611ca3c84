package dev.sessionbench.store.token;

import static dev.sessionbench.store.token.TokenSessionStoreTest.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.spi.SessionAccess;
import dev.sessionbench.core.spi.StoreUri;
import dev.sessionbench.fixtures.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/** The token store at its limits: the denylist's size and overflow, issuer and audience, weak keys, re-issue. */
class TokenStoreLimitsTest {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration IDLE = Duration.ofMinutes(30);

    // JUnit makes a new instance for every test, so each test starts on a fresh clock
    final MutableClock clock = new MutableClock(START);
    final SessionPolicy policy = SessionPolicy.defaults().withIdleTimeout(IDLE).withClock(clock);

    TokenSessionStore.Builder revocable() {
        return TokenSessionStore.builder().policy(policy).revocation(TokenSessionStore.Revocation.MEMORY);
    }

    // ---- the denylist ----------------------------------------------------------------------------------------

    @Test
    void repeatedRevocationOfOneIdDoesNotGrowTheDenylist() {
        try (TokenSessionStore store = revocable().build()) {
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Session s = store.find(store.save(store.create())).orElseThrow();
                sessions.add(s);
                store.invalidate(s);
            }
            for (int i = 0; i < 100_000; i++) {
                clock.advance(Duration.ofMillis(1)); // each repeat has a later deadline than the one before
                store.invalidate(sessions.get(i % 10));
            }
            assertThat(store.revokedCount()).isEqualTo(10);
            assertThat(store.denylistQueueSize())
                    .as("entries queued for the purge")
                    .isEqualTo(10);
            // The raised deadlines still hold, and still leave.
            clock.advance(IDLE.plus(TokenSessionStore.DEFAULT_CLOCK_SKEW));
            assertThat(store.purgeExpired()).isEqualTo(10);
            assertThat(store.denylistQueueSize()).isZero();
        }
    }

    @Test
    void backgroundPurgeReclaimsExpiredEntries() throws InterruptedException {
        try (TokenSessionStore store =
                revocable().purgeInterval(Duration.ofMillis(10)).build()) {
            for (int i = 0; i < 5; i++) {
                store.invalidate(store.find(store.save(store.create())).orElseThrow());
            }
            assertThat(store.revokedCount()).isEqualTo(5);
            clock.advance(IDLE.plus(TokenSessionStore.DEFAULT_CLOCK_SKEW));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store.revokedCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5); // real time: the purge thread runs on a real schedule
            }
            assertThat(store.revokedCount()).isZero();
        }
    }

    @Test
    void backgroundPurgeIsOnByDefaultWithRevocationAndZeroTurnsItOff() {
        try (TokenSessionStore byDefault = revocable().build();
                TokenSessionStore off = TokenSessionStoreProvider.builderFor(
                                StoreUri.parse("token:?revocation=memory&purgeInterval=0"),
                                Map.<String, String>of()::get)
                        .policy(policy)
                        .build();
                TokenSessionStore stateless =
                        TokenSessionStore.builder().policy(policy).build()) {
            assertThat(byDefault.purgeThreadAlive()).isTrue();
            assertThat(TokenSessionStore.DEFAULT_PURGE_INTERVAL).isEqualTo(Duration.ofMinutes(1));
            assertThat(off.purgeThreadAlive()).isFalse();
            assertThat(stateless.purgeThreadAlive())
                    .as("nothing to purge without a denylist")
                    .isFalse();
        }
    }

    @Test
    void rotatingASessionNeverIssuedRevokesNothing() {
        try (TokenSessionStore store = revocable().build()) {
            for (int i = 0; i < 1_000; i++) {
                Session anonymous = store.create().setAttribute("cart", "apple");
                store.save(store.changeId(anonymous).setAttribute("user", "alice"));
            }
            assertThat(store.revokedCount()).isZero();
        }
    }

    @Test
    void fullDenylistNeverBlocksALogoutNorLetsARevokedTokenResolve() {
        List<String> lines = captureLog();
        try (TokenSessionStore store = revocable().maxRevoked(1_000).build()) {
            List<String> dead = new ArrayList<>();
            int lostSignIns = 0;
            for (int cycle = 0; cycle < 2_000; cycle++) {
                clock.advance(Duration.ofMillis(3));
                String anonymous = store.save(store.create().setAttribute("cart", "apple"));
                String signedIn =
                        store.save(store.changeId(store.find(anonymous).orElseThrow())
                                .setAttribute("user", "u" + cycle)); // never throws
                dead.add(anonymous);
                dead.add(signedIn);
                Optional<Session> in = store.find(signedIn);
                if (in.isEmpty()) {
                    lostSignIns++; // this rotation met the full list: it signed everyone out, itself included
                    continue;
                }
                store.invalidate(in.get()); // never throws
                assertThat(store.revokedCount()).isLessThanOrEqualTo(1_000);
            }
            assertThat(dead).allMatch(v -> store.find(v).isEmpty());
            // Two revocations per cycle: the 500th sign-in meets a full list, and so do two more later.
            assertThat(lostSignIns).isEqualTo(3);
            assertThat(store.revokedCount()).isEqualTo(994);
            // After an overflow a sign-in works at once.
            String fresh = store.save(store.create().setAttribute("user", "bob"));
            assertThat(store.find(fresh)).isPresent();
        } finally {
            Logger.getLogger(TokenSessionStore.class.getName()).removeHandler(handler);
        }
        assertThat(lines)
                .as("one line per overflow")
                .hasSize(3)
                .allMatch(l -> l.contains("maximum of 1000") && l.contains("signed out"));
    }

    @Test
    void overflowSignsOutTokensIssuedBeforeItAndStaleCopiesStayDead() {
        try (TokenSessionStore store = revocable().maxRevoked(2).build()) {
            String active = store.save(store.create().setAttribute("user", "carol"));
            Session staleCopy = store.find(active).orElseThrow();
            clock.advance(Duration.ofSeconds(1));
            store.invalidate(store.find(store.save(store.create())).orElseThrow());
            store.invalidate(store.find(store.save(store.create())).orElseThrow());
            clock.advance(Duration.ofSeconds(1));
            Session third = store.find(store.save(store.create())).orElseThrow();
            store.invalidate(third); // the list is full: this overflows
            assertThat(store.revokedCount()).isZero();
            assertThat(store.find(active)).as("issued before the overflow").isEmpty();
            assertThat(store.find(store.save(staleCopy.setAttribute("cart", "x"))))
                    .as("a late save of a copy from before the overflow")
                    .isEmpty();
            String after = store.save(store.create());
            assertThat(store.find(after))
                    .as("a session saved in the millisecond of the overflow")
                    .isPresent();
        }
    }

    // ---- issuer and audience ---------------------------------------------------------------------------------

    @Test
    void issuerAndAudienceAreSetAndChecked() {
        byte[] key = range(0, 32);
        try (TokenSessionStore shop = TokenSessionStore.builder()
                        .policy(policy)
                        .signingKey("k", key)
                        .issuer("https://shop.example")
                        .audience("shop")
                        .build();
                TokenSessionStore admin = TokenSessionStore.builder()
                        .policy(policy)
                        .signingKey("k", key)
                        .issuer("https://shop.example")
                        .audience("admin")
                        .build();
                TokenSessionStore other = TokenSessionStore.builder()
                        .policy(policy)
                        .signingKey("k", key)
                        .issuer("https://other.example")
                        .audience("shop")
                        .build();
                TokenSessionStore plain = TokenSessionStore.builder()
                        .policy(policy)
                        .signingKey("k", key)
                        .build()) {
            String token = shop.save(shop.create().setAttribute("user", "alice"));
            assertThat(TokenSessionStoreTest.payload(token))
                    .contains("\"iss\":\"https://shop.example\"")
                    .contains("\"aud\":\"shop\"");
            assertThat(shop.find(token)).isPresent();
            assertThat(admin.find(token)).as("another audience").isEmpty();
            assertThat(other.find(token)).as("another issuer").isEmpty();
            assertThat(plain.find(token))
                    .as("a store without an audience refuses a token that has one")
                    .isEmpty();
            assertThat(shop.find(plain.save(plain.create())))
                    .as("a token without iss and aud")
                    .isEmpty();
        }
    }

    @Test
    void issuerAndAudienceAreUriOptions() {
        try (TokenSessionStore store = TokenSessionStoreProvider.builderFor(
                        StoreUri.parse("token:?iss=https%3A%2F%2Fshop.example&aud=shop"), Map.<String, String>of()::get)
                .policy(policy)
                .build()) {
            String token = store.save(store.create());
            assertThat(TokenSessionStoreTest.payload(token))
                    .contains("\"iss\":\"https://shop.example\"")
                    .contains("\"aud\":\"shop\"");
            assertThat(store.find(token)).isPresent();
        }
        assertThatThrownBy(() -> TokenSessionStore.builder().issuer(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("issuer");
        assertThatThrownBy(() -> TokenSessionStore.builder().audience(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("audience");
    }

    // ---- weak keys -------------------------------------------------------------------------------------------

    @Test
    void keysWithObviouslyLowEntropyAreRefusedWithoutShowingThem() {
        byte[] zeros = new byte[32];
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 'a');
        byte[] word = "passwordpasswordpasswordpassword".getBytes(StandardCharsets.US_ASCII);
        byte[] fifteen = new byte[64];
        for (int i = 0; i < fifteen.length; i++) {
            fifteen[i] = (byte) ('a' + i % 15);
        }
        for (byte[] weak : List.of(zeros, ones, word, fifteen)) {
            String text = new String(weak, StandardCharsets.US_ASCII);
            String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(weak);
            assertThatThrownBy(() ->
                            TokenSessionStore.builder().signingKey("k", weak).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("signing key 'k'")
                    .hasMessageContaining("distinct byte values")
                    .hasMessageNotContaining(text)
                    .hasMessageNotContaining(b64);
            assertThatThrownBy(() -> TokenSessionStore.builder()
                            .signingKey("k", range(0, 32))
                            .verificationKey("old", weak)
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("verification key 'old'");
        }
        byte[] sixteen = new byte[32];
        for (int i = 0; i < sixteen.length; i++) {
            sixteen[i] = (byte) ('a' + i % 16);
        }
        TokenSessionStore.builder().signingKey("k", sixteen).build().close(); // 16 distinct values: accepted
    }

    // ---- re-issue --------------------------------------------------------------------------------------------

    @Test
    void aSaveIsDueOnceTheTokenIsPastHalfItsIdleTime() {
        try (TokenSessionStore store =
                TokenSessionStore.builder().policy(policy).build()) {
            Session fresh = store.create();
            assertThat(store.needsSave(fresh)).as("new").isTrue();
            String token = store.save(fresh);
            assertThat(store.needsSave(store.find(token).orElseThrow())).isFalse();
            assertThat(store.needsSave(store.find(token).orElseThrow().setAttribute("a", "b")))
                    .as("changed")
                    .isTrue();
            clock.advance(IDLE.dividedBy(2).minusMillis(1));
            assertThat(store.needsSave(store.find(token).orElseThrow())).isFalse();
            clock.advance(Duration.ofMillis(1));
            Session half = store.find(token).orElseThrow();
            assertThat(store.needsSave(half)).as("at half the idle time").isTrue();
            String reissued = store.save(half);
            assertThat(store.needsSave(store.find(reissued).orElseThrow())).isFalse();
        }
    }

    @Test
    void aServerSideStoreNeedsASaveOnlyForNewOrChangedSessions() {
        SessionStore store = new ChangesOnly();
        Session s = store.create();
        assertThat(store.needsSave(s)).isTrue();
        SessionAccess.markSaved(s, clock.instant());
        assertThat(store.needsSave(s)).isFalse();
        clock.advance(IDLE);
        assertThat(store.needsSave(s)).as("time alone never makes a save due").isFalse();
        assertThat(store.needsSave(s.setAttribute("a", "b"))).isTrue();
    }

    /** A store that keeps the interface's default {@code needsSave}. */
    private final class ChangesOnly implements SessionStore {
        @Override
        public Session create() {
            return SessionAccess.newSession(dev.sessionbench.core.SessionIds.generate(), policy);
        }

        @Override
        public java.util.Optional<Session> find(String clientValue) {
            return java.util.Optional.empty();
        }

        @Override
        public String save(Session session) {
            return session.id();
        }

        @Override
        public Session changeId(Session session) {
            return session;
        }

        @Override
        public void invalidate(Session session) {}

        @Override
        public long purgeExpired() {
            return 0;
        }

        @Override
        public java.util.List<Session> sessionsOf(String principal) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public void invalidateAll(String principal) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public void close() {}
    }

    // ---- log capture -----------------------------------------------------------------------------------------

    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            captured.add(new SimpleFormatter().formatMessage(r));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final List<String> captured = new CopyOnWriteArrayList<>();

    private List<String> captureLog() {
        Logger.getLogger(TokenSessionStore.class.getName()).addHandler(handler);
        return captured;
    }
}
