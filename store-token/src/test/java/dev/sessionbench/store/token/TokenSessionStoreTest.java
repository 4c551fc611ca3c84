package dev.sessionbench.store.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.core.spi.SessionAccess;
import dev.sessionbench.core.spi.StoreUri;
import dev.sessionbench.fixtures.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys, rotation, URI options, the cookie budget, re-issue on save and the denylist. */
class TokenSessionStoreTest {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(12);
    /** Set by surefire (store-token/pom.xml): 32 bytes 100..131 in base64url. */
    static final String ENV_KEY = "SESSIONBENCH_TOKEN_TEST_KEY";

    static final String ENV_WEAK_KEY = "SESSIONBENCH_TOKEN_TEST_WEAK_KEY";
    static final byte[] ENV_KEY_BYTES = range(100, 32);

    MutableClock clock;
    SessionPolicy policy;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(START);
        policy = SessionPolicy.defaults()
                .withIdleTimeout(IDLE)
                .withAbsoluteTimeout(ABSOLUTE)
                .withClock(clock);
    }

    static byte[] range(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    static String b64(byte[] key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    static String header(String token) {
        return Forge.decode(token.substring(0, token.indexOf('.')));
    }

    static String payload(String token) {
        return Forge.decode(token.split("\\.")[1]);
    }

    TokenSessionStore.Builder builder() {
        return TokenSessionStore.builder().policy(policy);
    }

    // ---- keys ------------------------------------------------------------------------------------------------

    @Test
    void keyShorterThanHs256NeedsIsRefusedAtConstruction() {
        assertThatThrownBy(() -> builder().signingKey("k1", new byte[31]).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signing key 'k1' has 248 bits")
                .hasMessageContaining("HS256 needs at least 256 bits");
        assertThatThrownBy(() -> builder().signingKey("k1", new byte[0]).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 0 bits");
    }

    @Test
    void keyShorterThanHs512NeedsIsRefusedAtConstruction() {
        assertThatThrownBy(() -> builder()
                        .algorithm(TokenSessionStore.Algorithm.HS512)
                        .signingKey("k1", new byte[32])
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 256 bits")
                .hasMessageContaining("HS512 needs at least 512 bits");
        assertThatThrownBy(() -> builder()
                        .algorithm(TokenSessionStore.Algorithm.HS512)
                        .signingKey("k2", range(0, 64))
                        .verificationKey("k1", new byte[32])
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("verification key 'k1' has 256 bits");
    }

    @Test
    void weakVerificationKeyIsRefusedAtConstruction() {
        assertThatThrownBy(() -> builder()
                        .signingKey("k2", range(0, 32))
                        .verificationKey("k1", range(0, 16))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("verification key 'k1' has 128 bits")
                .hasMessageContaining("256");
    }

    @Test
    void weakKeyFromTheEnvironmentIsRefused() {
        assertThatThrownBy(() -> SessionStores.open("token:?key=env:" + ENV_WEAK_KEY, policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 128 bits");
    }

    @Test
    void keyIdsAreCheckedAndUnique() {
        assertThatThrownBy(() -> builder().signingKey("bad kid", range(0, 32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key ID");
        assertThatThrownBy(() -> builder()
                        .signingKey("k1", range(0, 32))
                        .verificationKey("k1", range(1, 32))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("own ID");
        assertThatThrownBy(() -> builder().verificationKey("k0", range(0, 32)).verificationKey("k0", range(1, 32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void eachStoreOpenedWithoutAKeyHasItsOwnRandomKey() {
        try (SessionStore a = SessionStores.open("token:", policy);
                SessionStore b = SessionStores.open("token:", policy)) {
            String token = a.save(a.create().setAttribute("user", "alice"));
            assertThat(a.find(token)).isPresent();
            assertThat(b.find(token)).isEmpty();
            assertThat(((TokenSessionStore) a).signingKeyId()).isNotEqualTo(((TokenSessionStore) b).signingKeyId());
        }
    }

    @Test
    void hs512StoreSignsWithHs512AndARandom512BitKey() {
        try (SessionStore store = SessionStores.open("token:?alg=hs512", policy)) {
            String token = store.save(store.create().setAttribute("a", "b"));
            assertThat(header(token)).contains("\"alg\":\"HS512\"");
            // HMAC-SHA512: 64 bytes, 86 base64url characters.
            assertThat(token.substring(token.lastIndexOf('.') + 1)).hasSize(86);
            assertThat(store.find(token).flatMap(s -> s.attribute("a"))).contains("b");
        }
    }

    @Test
    void keyFromTheEnvironmentIsSharedByTwoStores() {
        try (SessionStore a = SessionStores.open("token:?key=env:" + ENV_KEY, policy);
                SessionStore b = SessionStores.open("token:?key=env:" + ENV_KEY, policy);
                TokenSessionStore c = builder().signingKey(null, ENV_KEY_BYTES).build()) {
            String token = a.save(a.create().setAttribute("user", "alice"));
            assertThat(b.find(token)).isPresent();
            assertThat(c.find(token)).as("the same bytes given to the builder").isPresent();
            assertThat(header(token)).contains("\"kid\":\"" + KeySources.derivedKeyId(ENV_KEY_BYTES) + "\"");
        }
    }

    @Test
    void keyFromAFileIsRead() throws Exception {
        Path file = dir.resolve("session.key");
        Files.writeString(file, b64(ENV_KEY_BYTES) + "\n", StandardCharsets.US_ASCII);
        try (SessionStore fromFile = SessionStores.open("token:?key=file:" + file + "&kid=main", policy);
                TokenSessionStore fromBytes =
                        builder().signingKey("main", ENV_KEY_BYTES).build()) {
            String token = fromFile.save(fromFile.create().setAttribute("user", "alice"));
            assertThat(header(token)).contains("\"kid\":\"main\"");
            assertThat(fromBytes.find(token)).isPresent();
        }
    }

    @Test
    void badKeySourcesAreRefusedWithoutShowingTheKey() throws Exception {
        assertThatThrownBy(() -> SessionStores.open("token:?key=env:SESSIONBENCH_NO_SUCH_VARIABLE", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SESSIONBENCH_NO_SUCH_VARIABLE")
                .hasMessageContaining("not set");
        String inline = b64(ENV_KEY_BYTES);
        assertThatThrownBy(() -> SessionStores.open("token:?key=" + inline, policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("env:NAME or file:/path")
                .hasMessageNotContaining(inline);
        assertThatThrownBy(() -> SessionStores.open("token:?key=file:" + dir.resolve("missing.key"), policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read key file");
        Path notBase64 = dir.resolve("not-base64.key");
        Files.writeString(notBase64, "secret+key/with=wrong*alphabet");
        assertThatThrownBy(() -> SessionStores.open("token:?key=file:" + notBase64, policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64url")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> SessionStores.open("token:?kid=main", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no key is given");
    }

    // ---- rotation --------------------------------------------------------------------------------------------

    @Test
    void rotatedStoreVerifiesOldTokensByKidAndSignsWithTheNewKey() {
        byte[] oldKey = range(1, 32);
        byte[] newKey = range(50, 32);
        try (TokenSessionStore before = builder().signingKey("2025", oldKey).build();
                TokenSessionStore after = builder()
                        .signingKey("2026", newKey)
                        .verificationKey("2025", oldKey)
                        .build();
                TokenSessionStore retired = builder().signingKey("2026", newKey).build()) {
            String oldToken = before.save(before.create().setAttribute("user", "alice"));
            Session s = after.find(oldToken).orElseThrow();
            String newToken = after.save(s.setAttribute("step", "2"));
            assertThat(header(newToken)).contains("\"kid\":\"2026\"");
            assertThat(retired.find(newToken)).isPresent();
            assertThat(retired.find(oldToken)).as("once the old key is dropped").isEmpty();
            assertThat(before.find(newToken)).isEmpty();
        }
    }

    @Test
    void tokenNamingTheOldKidButSignedWithTheNewKeyIsRefused() {
        byte[] oldKey = range(1, 32);
        byte[] newKey = range(50, 32);
        try (TokenSessionStore store = builder()
                .signingKey("2026", newKey)
                .verificationKey("2025", oldKey)
                .build()) {
            String token = store.save(store.create());
            String[] p = token.split("\\.");
            String renamed = Forge.b64(header(token).replace("2026", "2025"));
            String input = renamed + "." + p[1];
            assertThat(store.find(input + "." + Forge.b64(Forge.hmac(input, newKey, "HmacSHA256"))))
                    .isEmpty();
            assertThat(store.find(input + "." + Forge.b64(Forge.hmac(input, oldKey, "HmacSHA256"))))
                    .as("the control: signed with the key its kid names")
                    .isPresent();
        }
    }

    @Test
    void oldKeysAreGivenInTheUri() throws Exception {
        Path old = dir.resolve("old.key");
        Files.writeString(old, b64(range(1, 32)));
        // An older key whose variable is unset is refused, naming the variable.
        assertThatThrownBy(() -> SessionStores.open(
                        "token:?key=env:" + ENV_KEY + "&kid=new&oldKeys=old:file:" + old + ",older:env:" + ENV_KEY
                                + "_UNSET",
                        policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ENV_KEY + "_UNSET");
        try (TokenSessionStore before =
                        builder().signingKey("old", range(1, 32)).build();
                SessionStore after =
                        SessionStores.open("token:?key=env:" + ENV_KEY + "&kid=new&oldKeys=old:file:" + old, policy)) {
            assertThat(after.find(before.save(before.create()))).isPresent();
        }
        assertThatThrownBy(() -> SessionStores.open("token:?oldKeys=nocolon", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ID:env:NAME");
    }

    // ---- URI -------------------------------------------------------------------------------------------------

    @Test
    void unknownOrMalformedOptionsAreRefusedSayingWhatIsAllowed() {
        assertThatThrownBy(() -> SessionStores.open("token:?secretKey=x", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option")
                .hasMessageContaining("revocation");
        assertThatThrownBy(() -> SessionStores.open("token:?alg=hs384", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hs256")
                .hasMessageContaining("hs512");
        assertThatThrownBy(() -> SessionStores.open("token:?alg=none", policy))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionStores.open("token:?revocation=redis", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memory");
        assertThatThrownBy(() -> SessionStores.open("token:?maxCookieBytes=100", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256");
        assertThatThrownBy(() -> SessionStores.open("token:?clockSkew=5m", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("60 s");
        assertThatThrownBy(() -> SessionStores.open("token:?cookieName=a;b", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cookie name");
        assertThatThrownBy(() -> SessionStores.open("token://host/x", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has a body");
    }

    @Test
    void uriOptionsReachTheStore() {
        try (TokenSessionStore store = TokenSessionStoreProvider.builderFor(
                        StoreUri.parse("token:?cookieName=sid&maxCookieBytes=2048&revocation=memory&maxRevoked=2"),
                        Map.<String, String>of()::get)
                .policy(policy)
                .build()) {
            assertThat(store.maxTokenChars()).isEqualTo(2048 - "sid=".length());
            assertThat(store.toString()).contains("revocation=memory");
        }
    }

    // ---- cookie budget ---------------------------------------------------------------------------------------

    @Test
    void saveOverTheCookieBudgetIsRefusedGivingTheSize() {
        try (TokenSessionStore store = builder().build()) {
            Session s = store.create().setAttribute("cart", "x".repeat(2600));
            String fits = store.save(s);
            assertThat(("SESSION=" + fits).length()).isLessThanOrEqualTo(4096);
            Session big = store.find(fits).orElseThrow().setAttribute("more", "y".repeat(600));
            assertThatThrownBy(() -> store.save(big))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageMatching("(?s).*cookie of \\d{4} bytes.*over the budget of 4096 bytes.*")
                    .hasMessageContaining("maxCookieBytes");
            assertThat(SessionAccess.hasChanges(big))
                    .as("a refused save leaves the changes pending")
                    .isTrue();
        }
    }

    @Test
    void cookieBudgetCountsTheCookieName() {
        try (TokenSessionStore shortName =
                        builder().cookieName("s").signingKey("k", range(0, 32)).build();
                TokenSessionStore longName = builder()
                        .cookieName("n".repeat(64))
                        .signingKey("k", range(0, 32))
                        .build()) {
            int probe = 2800;
            while (true) {
                Session s = shortName.create().setAttribute("v", "x".repeat(probe));
                String token = shortName.save(s);
                if (("s=" + token).length() > 4096 - 60) {
                    Session same = longName.create().setAttribute("v", "x".repeat(probe));
                    assertThatThrownBy(() -> longName.save(same)).isInstanceOf(IllegalArgumentException.class);
                    break;
                }
                probe += 10;
            }
        }
    }

    // ---- re-issue, sliding and stale saves -------------------------------------------------------------------

    @Test
    void findReturnsTheTokensOwnLastAccessAndOnlySaveSlidesIt() {
        try (TokenSessionStore store = builder().build()) {
            String token = store.save(store.create().setAttribute("a", "b"));
            clock.advance(Duration.ofMinutes(10));
            Session found = store.find(token).orElseThrow();
            assertThat(found.lastAccessedAt()).isEqualTo(START);
            assertThat(found.expiresAt()).isEqualTo(START.plus(IDLE));
            String reissued = store.save(found);
            Session after = store.find(reissued).orElseThrow();
            assertThat(after.lastAccessedAt()).isEqualTo(START.plus(Duration.ofMinutes(10)));
            assertThat(after.createdAt()).isEqualTo(START);
            assertThat(payload(reissued))
                    .contains("\"exp\":" + START.plus(Duration.ofMinutes(40)).getEpochSecond());
        }
    }

    @Test
    void expIsTheSessionDeadlineRoundedUpToTheSecond() {
        clock.set(START.plusMillis(1_234));
        try (TokenSessionStore store = builder().build()) {
            String token = store.save(store.create());
            assertThat(payload(token))
                    .contains("\"exp\":" + (START.plus(IDLE).getEpochSecond() + 2))
                    .contains("\"iat\":" + (START.getEpochSecond() + 1))
                    .contains("\"ct\":" + START.plusMillis(1_234).toEpochMilli());
            clock.set(START.plusMillis(1_234).plus(IDLE).minusMillis(1));
            assertThat(store.find(token)).isPresent();
            clock.advance(Duration.ofMillis(1));
            assertThat(store.find(token))
                    .as("the millisecond deadline, not the rounded exp")
                    .isEmpty();
        }
    }

    @Test
    void lateSaveOfAnExpiredCopyIsReissuedWithItsOldTimesAndResolvesToNothing() {
        try (TokenSessionStore store = builder().build()) {
            Session copy = store.find(store.save(store.create().setAttribute("a", "b")))
                    .orElseThrow();
            clock.advance(IDLE.plusMinutes(5));
            String late = store.save(copy.setAttribute("late", "write"));
            assertThat(payload(late))
                    .contains("\"la\":" + START.toEpochMilli())
                    .contains("\"exp\":" + START.plus(IDLE).getEpochSecond());
            assertThat(store.find(late)).isEmpty();
        }
    }

    @Test
    void savedTokenCarriesTypKidAndTheClaims() {
        try (TokenSessionStore store =
                builder().signingKey("main", range(0, 32)).build()) {
            Session s = store.create().setAttribute("user", "alice");
            String token = store.save(s);
            assertThat(header(token)).contains("\"typ\":\"sessionbench+jwt\"", "\"kid\":\"main\"", "\"alg\":\"HS256\"");
            assertThat(payload(token))
                    .contains(
                            "\"jti\":\"" + s.id() + "\"",
                            "\"at\":{\"user\":\"alice\"}",
                            "\"iat\":" + START.getEpochSecond(),
                            "\"ct\":" + START.toEpochMilli());
            assertThat(store.toString()).doesNotContain(b64(range(0, 32)));
        }
    }

    // ---- revocation ------------------------------------------------------------------------------------------

    @Test
    void withoutRevocationInvalidateCannotRetireAnIssuedToken() {
        try (TokenSessionStore store = builder().build()) {
            String token = store.save(store.create().setAttribute("user", "alice"));
            Session s = store.find(token).orElseThrow();
            store.invalidate(s);
            assertThat(store.find(token))
                    .as("the documented limit of a stateless token")
                    .isPresent();
            Session rotated = store.changeId(s);
            assertThat(store.find(token)).isPresent();
            assertThat(store.find(store.save(rotated))).isPresent();
            assertThat(store.purgeExpired()).isZero();
        }
    }

    @Test
    void revokedIdCannotBeReissuedBySave() {
        try (TokenSessionStore store =
                builder().revocation(TokenSessionStore.Revocation.MEMORY).build()) {
            String token = store.save(store.create().setAttribute("user", "alice"));
            Session copy = store.find(token).orElseThrow();
            Session rotated = store.changeId(store.find(token).orElseThrow());
            clock.advance(Duration.ofMinutes(5));
            String stale = store.save(copy.setAttribute("cart", "1"));
            assertThat(store.find(stale)).isEmpty();
            assertThat(payload(stale)).as("no sliding for a revoked ID").contains("\"la\":" + START.toEpochMilli());
            assertThat(store.find(store.save(rotated))).isPresent();
        }
    }

    @Test
    void denylistEntriesLeaveAtTheirDeadlineAndPurgeCountsThem() {
        try (TokenSessionStore store =
                builder().revocation(TokenSessionStore.Revocation.MEMORY).build()) {
            for (int i = 0; i < 3; i++) {
                store.invalidate(store.find(store.save(store.create())).orElseThrow());
            }
            assertThat(store.revokedCount()).isEqualTo(3);
            clock.advance(IDLE);
            assertThat(store.purgeExpired())
                    .as("kept for the idle timeout plus the skew")
                    .isZero();
            clock.advance(TokenSessionStore.DEFAULT_CLOCK_SKEW);
            assertThat(store.purgeExpired()).isEqualTo(3);
            assertThat(store.purgeExpired()).isZero();
            assertThat(store.revokedCount()).isZero();
        }
    }

    @Test
    void revocationLastsUntilTheAbsoluteDeadlineWhenThatComesFirst() {
        SessionPolicy shortLived = policy.withAbsoluteTimeout(Duration.ofMinutes(40));
        try (TokenSessionStore store = TokenSessionStore.builder()
                .policy(shortLived)
                .revocation(TokenSessionStore.Revocation.MEMORY)
                .build()) {
            String token = store.save(store.create());
            clock.advance(Duration.ofMinutes(20));
            token = store.save(store.find(token).orElseThrow());
            clock.advance(Duration.ofMinutes(5));
            store.invalidate(store.find(token).orElseThrow());
            clock.set(START.plus(Duration.ofMinutes(40)).minusMillis(1));
            assertThat(store.purgeExpired()).isZero();
            clock.advance(Duration.ofMillis(1));
            assertThat(store.purgeExpired())
                    .as("no token of the session outlives its absolute deadline")
                    .isEqualTo(1);
        }
    }
}
