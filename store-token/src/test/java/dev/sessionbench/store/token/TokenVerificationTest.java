package dev.sessionbench.store.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.fixtures.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every refusal of a bad token: each forged token is built by hand (see {@link Forge}) and must resolve to empty,
 * never to an exception. The first test shows that a hand-built token with the right key and claims IS accepted,
 * so each refusal below is caused by the one thing that test changes.
 */
class TokenVerificationTest {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration IDLE = Duration.ofMinutes(30);
    static final String KID = "k1";
    static final byte[] KEY = bytes(32, 7);

    MutableClock clock;
    SessionPolicy policy;
    TokenSessionStore store;

    @BeforeEach
    void open() {
        clock = new MutableClock(START);
        policy = SessionPolicy.defaults().withIdleTimeout(IDLE).withClock(clock);
        store = TokenSessionStore.builder().policy(policy).signingKey(KID, KEY).build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + i * 17);
        }
        return b;
    }

    /** Returns a claims JSON object; null arguments are left out. */
    static String payload(
            Object jti,
            Long iatSeconds,
            Long expSeconds,
            Object createdMillis,
            Object accessedMillis,
            String attributesJson) {
        List<String> parts = new ArrayList<>();
        if (jti != null) {
            parts.add("\"jti\":" + (jti instanceof String s ? "\"" + s + "\"" : jti));
        }
        if (iatSeconds != null) {
            parts.add("\"iat\":" + iatSeconds);
        }
        if (expSeconds != null) {
            parts.add("\"exp\":" + expSeconds);
        }
        if (createdMillis != null) {
            parts.add("\"ct\":" + createdMillis);
        }
        if (accessedMillis != null) {
            parts.add("\"la\":" + accessedMillis);
        }
        if (attributesJson != null) {
            parts.add("\"at\":" + attributesJson);
        }
        return "{" + String.join(",", parts) + "}";
    }

    /** A valid payload for a session created and accessed now, with one attribute. */
    String validPayload(String id) {
        long now = clock.instant().toEpochMilli();
        return payload(id, now / 1000, now / 1000 + IDLE.toSeconds(), now, now, "{\"user\":\"alice\"}");
    }

    String validHeader() {
        return Forge.header("HS256", KID, TokenSessionStore.TOKEN_TYPE);
    }

    String forged(String header, String payload) {
        return Forge.signed(header, payload, KEY, "HmacSHA256");
    }

    /** Asserts the value resolves to empty and reached the parser (so the refusal is the verifier's, not the pre-check's). */
    void assertRefusedByVerifier(String token) {
        long before = store.parseAttempts();
        assertThat(store.find(token)).isEmpty();
        assertThat(store.parseAttempts()).as("the token reached the verifier").isEqualTo(before + 1);
    }

    /** Asserts the value resolves to empty without reaching the parser. */
    void assertRefusedBeforeParsing(String value) {
        long before = store.parseAttempts();
        assertThat(store.find(value)).isEmpty();
        assertThat(store.parseAttempts())
                .as("the value must not reach the parser")
                .isEqualTo(before);
    }

    @Test
    void handForgedTokenWithTheRightKeyAndClaimsIsAccepted() {
        String id = SessionIds.generate();
        Optional<Session> s = store.find(forged(validHeader(), validPayload(id)));
        assertThat(s).isPresent();
        assertThat(s.get().id()).isEqualTo(id);
        assertThat(s.get().attribute("user")).contains("alice");
        assertThat(s.get().createdAt()).isEqualTo(START);
    }

    // ---- tampering -------------------------------------------------------------------------------------------

    /** Returns the header, payload and signature of the token of a new session with the role "user". */
    private String[] partsOfAUserToken() {
        return store.save(store.create().setAttribute("role", "user")).split("\\.");
    }

    @Test
    void tamperedPayloadIsRefused() {
        String token = store.save(store.create().setAttribute("role", "user"));
        String[] parts = token.split("\\.");
        String payload = Forge.decode(parts[1]);
        assertThat(payload).contains("\"role\":\"user\"");
        String tampered = parts[0] + "." + Forge.b64(payload.replace("\"user\"", "\"admin\"")) + "." + parts[2];
        assertRefusedByVerifier(tampered);
        assertThat(store.find(token)).as("the original still resolves").isPresent();
    }

    @Test
    void payloadWithOneCharacterChangedIsRefused() {
        String[] parts = partsOfAUserToken();
        char[] p = parts[1].toCharArray();
        p[10] = p[10] == 'A' ? 'B' : 'A';
        assertRefusedByVerifier(parts[0] + "." + new String(p) + "." + parts[2]);
    }

    @Test
    void tamperedHeaderIsRefused() {
        String[] parts = partsOfAUserToken();
        String header = Forge.decode(parts[0]);
        assertThat(header).contains("\"kid\":\"k1\"");
        String withSpace = Forge.b64(header.replace("{", "{ "));
        assertRefusedByVerifier(withSpace + "." + parts[1] + "." + parts[2]);
        String otherTyp = Forge.b64(header.replace(TokenSessionStore.TOKEN_TYPE, "JWT"));
        assertRefusedByVerifier(otherTyp + "." + parts[1] + "." + parts[2]);
    }

    @Test
    void strippedSignatureIsRefusedBeforeParsing() {
        String token = store.save(store.create().setAttribute("role", "user"));
        String unsigned = token.substring(0, token.lastIndexOf('.'));
        assertRefusedBeforeParsing(unsigned + ".");
        assertRefusedBeforeParsing(unsigned);
    }

    @Test
    void signatureOfAnotherTokenIsRefused() {
        String first = store.save(store.create().setAttribute("role", "user"));
        String second = store.save(store.create().setAttribute("role", "admin"));
        String mixed = second.substring(0, second.lastIndexOf('.')) + first.substring(first.lastIndexOf('.'));
        assertRefusedByVerifier(mixed);
    }

    @Test
    void unsecuredTokenWithAFakeSignatureSegmentIsRefusedByTheParser() {
        String id = SessionIds.generate();
        String header = Forge.header("none", KID, TokenSessionStore.TOKEN_TYPE);
        assertRefusedByVerifier(Forge.b64(header) + "." + Forge.b64(validPayload(id)) + ".AAAA");
        assertRefusedBeforeParsing(Forge.b64(header) + "." + Forge.b64(validPayload(id)) + ".");
    }

    // ---- algorithms and keys ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "alg {0}")
    @ValueSource(
            strings = {
                "none", "None", "nOnE", "NONE", "hs256", "Hs256", "HS256 ", "HS384", "HS512", "RS256", "PS256", "ES256",
                "EdDSA", "dir", ""
            })
    void everyOtherAlgorithmIsRefused(String alg) {
        String id = SessionIds.generate();
        // Signed with the store's real key, as HMAC-SHA256: only the alg header is wrong.
        assertRefusedByVerifier(forged(Forge.header(alg, KID, TokenSessionStore.TOKEN_TYPE), validPayload(id)));
    }

    @ParameterizedTest(name = "{1} token refused by an {0} store")
    @CsvSource({"HS256, HS512", "HS512, HS256"})
    void tokenCorrectlySignedWithTheStoresOwnKeyInTheOtherHmacAlgorithmIsRefused(String storeAlg, String tokenAlg) {
        byte[] key64 = bytes(64, 3);
        try (TokenSessionStore store = TokenSessionStore.builder()
                .policy(policy)
                .algorithm(TokenSessionStore.Algorithm.valueOf(storeAlg))
                .signingKey(KID, key64)
                .build()) {
            String id = SessionIds.generate();
            assertThat(store.find(hmacSigned(tokenAlg, validPayload(id), key64)))
                    .as("signed as " + tokenAlg)
                    .isEmpty();
            // The control: the same claims signed as the store signs pass.
            assertThat(store.find(hmacSigned(storeAlg, validPayload(id), key64)))
                    .as("signed as " + storeAlg)
                    .isPresent();
        }
    }

    /** Returns a token of {@code payload} signed with {@code key} in the HMAC algorithm {@code alg}, HS256 or HS512. */
    private static String hmacSigned(String alg, String payload, byte[] key) {
        String header = Forge.header(alg, KID, TokenSessionStore.TOKEN_TYPE);
        return Forge.signed(header, payload, key, "HmacSHA" + alg.substring(2));
    }

    @Test
    void tokenOfAnotherProcessWithItsOwnRandomKeyIsRefused() {
        try (TokenSessionStore other =
                        TokenSessionStore.builder().policy(policy).build();
                TokenSessionStore another =
                        TokenSessionStore.builder().policy(policy).build()) {
            String token = other.save(other.create().setAttribute("user", "mallory"));
            assertThat(other.find(token)).isPresent();
            assertThat(another.find(token)).isEmpty();
            assertRefusedByVerifier(token);
        }
    }

    @Test
    void tokenSignedWithAnotherKeyUnderOurKeyIdIsRefused() {
        String id = SessionIds.generate();
        assertRefusedByVerifier(Forge.signed(validHeader(), validPayload(id), bytes(32, 99), "HmacSHA256"));
    }

    @Test
    void unknownOrMissingKeyIdIsRefused() {
        String id = SessionIds.generate();
        assertRefusedByVerifier(forged(Forge.header("HS256", "k2", TokenSessionStore.TOKEN_TYPE), validPayload(id)));
        assertRefusedByVerifier(forged(Forge.header("HS256", null, TokenSessionStore.TOKEN_TYPE), validPayload(id)));
        assertRefusedByVerifier(
                forged(Forge.header("HS256", "../../../dev/null", TokenSessionStore.TOKEN_TYPE), validPayload(id)));
    }

    @Test
    void keyEmbeddedInTheHeaderIsNeverUsed() {
        byte[] attackerKey = bytes(32, 66);
        String id = SessionIds.generate();
        String header = "{\"alg\":\"HS256\",\"kid\":\"evil\",\"typ\":\"" + TokenSessionStore.TOKEN_TYPE
                + "\",\"jwk\":{\"kty\":\"oct\",\"kid\":\"evil\",\"k\":\"" + Forge.b64(attackerKey) + "\"}}";
        assertRefusedByVerifier(Forge.signed(header, validPayload(id), attackerKey, "HmacSHA256"));
    }

    // ---- time ------------------------------------------------------------------------------------------------

    @Test
    void expiredTokenIsRefused() {
        String token = store.save(store.create().setAttribute("user", "alice"));
        clock.advance(IDLE.minusMillis(1));
        assertThat(store.find(token)).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertRefusedByVerifier(token);
    }

    @Test
    void tokenWhoseExpClaimHasPassedIsRefusedEvenIfItsTimesSayOtherwise() {
        String id = SessionIds.generate();
        long now = clock.instant().toEpochMilli();
        assertRefusedByVerifier(forged(validHeader(), payload(id, now / 1000, now / 1000, now, now, null)));
        assertRefusedByVerifier(forged(validHeader(), payload(id, now / 1000, now / 1000 - 5, now, now, null)));
    }

    @Test
    void tokenWithoutExpIsRefused() {
        String id = SessionIds.generate();
        long now = clock.instant().toEpochMilli();
        assertRefusedByVerifier(forged(validHeader(), payload(id, now / 1000, null, now, now, null)));
    }

    @Test
    void tokenWithoutIatIsRefused() {
        String id = SessionIds.generate();
        long now = clock.instant().toEpochMilli();
        assertRefusedByVerifier(forged(validHeader(), payload(id, null, now / 1000 + 60, now, now, null)));
    }

    @Test
    void iatMoreThanTheSkewInTheFutureIsRefused() {
        String id = SessionIds.generate();
        long now = clock.instant().toEpochMilli();
        long exp = now / 1000 + IDLE.toSeconds();
        assertRefusedByVerifier(forged(validHeader(), payload(id, now / 1000 + 61, exp, now, now, null)));
        assertThat(store.find(forged(validHeader(), payload(id, now / 1000 + 60, exp, now, now, null))))
                .as("iat exactly at the 60 s skew")
                .isPresent();
    }

    @Test
    void withNoSkewAllowedIatOneSecondInTheFutureIsRefused() {
        try (TokenSessionStore strict = TokenSessionStore.builder()
                .policy(policy)
                .signingKey(KID, KEY)
                .clockSkew(Duration.ZERO)
                .build()) {
            String id = SessionIds.generate();
            long now = clock.instant().toEpochMilli();
            long exp = now / 1000 + IDLE.toSeconds();
            assertThat(strict.find(forged(validHeader(), payload(id, now / 1000 + 1, exp, now, now, null))))
                    .isEmpty();
            assertThat(strict.find(forged(validHeader(), payload(id, now / 1000, exp, now, now, null))))
                    .isPresent();
        }
    }

    @Test
    void lastAccessInTheFutureOrBeforeCreationIsRefused() {
        String id = SessionIds.generate();
        long now = clock.instant().toEpochMilli();
        long exp = now / 1000 + IDLE.toSeconds();
        assertRefusedByVerifier(forged(validHeader(), payload(id, now / 1000, exp, now, now + 61_000, null)));
        assertRefusedByVerifier(forged(validHeader(), payload(id, now / 1000, exp, now, now - 1, null)));
    }

    @Test
    void creationBeyondTheAbsoluteTimeoutIsRefusedWhateverExpSays() {
        String id = SessionIds.generate();
        long now = clock.instant().toEpochMilli();
        long created = now - policy.absoluteTimeout().toMillis();
        assertRefusedByVerifier(forged(validHeader(), payload(id, now / 1000, now / 1000 + 600, created, now, null)));
    }

    // ---- type and content ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "typ {0}")
    @ValueSource(strings = {"JWT", "jwt", "SESSIONBENCH+JWT", "sessionbench+jwt ", "at+jwt", ""})
    void wrongTypIsRefused(String typ) {
        assertRefusedByVerifier(forged(Forge.header("HS256", KID, typ), validPayload(SessionIds.generate())));
    }

    @Test
    void missingTypIsRefused() {
        assertRefusedByVerifier(forged(Forge.header("HS256", KID, null), validPayload(SessionIds.generate())));
    }

    @Test
    void oversizedValueIsRefusedBeforeParsing() {
        int max = store.maxTokenChars();
        assertThat(max).isEqualTo(4096 - "SESSION=".length());
        String id = SessionIds.generate();
        String padded =
                forged(validHeader(), validPayload(id).replace("}}", "}," + "\"pad\":\"" + "x".repeat(3000) + "\"}"));
        assertThat(padded.length()).isGreaterThan(max);
        assertRefusedBeforeParsing(padded);
        char[] shaped = new char[max + 1];
        Arrays.fill(shaped, 'A');
        shaped[10] = '.';
        shaped[20] = '.';
        assertRefusedBeforeParsing(new String(shaped));
        assertRefusedByVerifier(new String(shaped, 0, max));
    }

    @Test
    void valuesThatAreNotThreeBase64UrlSegmentsAreRefusedBeforeParsing() {
        String token = store.save(store.create());
        String[] p = token.split("\\.");
        for (String value : List.of(
                p[0] + "." + p[1],
                p[0] + ".." + p[2],
                "." + p[1] + "." + p[2],
                token + ".",
                token + "." + p[2],
                token + "=",
                p[0] + "." + p[1] + "+/." + p[2],
                " " + token,
                token.substring(0, 5) + "+" + token.substring(6),
                p[0] + "." + p[1] + "." + p[2] + "\n")) {
            assertRefusedBeforeParsing(value);
        }
    }

    @Test
    void payloadThatIsNotJsonIsRefused() {
        assertRefusedByVerifier(forged(validHeader(), "not json"));
        assertRefusedByVerifier(forged(validHeader(), "{\"jti\":"));
        assertRefusedByVerifier(forged(validHeader(), "[1,2,3]"));
        assertRefusedByVerifier(forged(validHeader(), "\"string\""));
        assertRefusedBeforeParsing(forged(validHeader(), "")); // an empty segment fails the pre-check
    }

    @Test
    void headerThatIsNotJsonIsRefused() {
        String id = SessionIds.generate();
        assertRefusedByVerifier(forged("not json", validPayload(id)));
        assertRefusedByVerifier(forged("{\"alg\":\"HS256\"", validPayload(id)));
        assertRefusedByVerifier(forged("[\"HS256\"]", validPayload(id)));
    }

    @ParameterizedTest(name = "jti {0}")
    @ValueSource(strings = {"abc", "", "../../etc/passwd", "*"})
    void jtiThatIsNotAWellFormedIdIsRefused(String jti) {
        assertRefusedByVerifier(forged(validHeader(), validPayload(jti)));
    }

    @Test
    void jtiOfWrongShapeOrTypeIsRefused() {
        String id = SessionIds.generate();
        assertRefusedByVerifier(forged(validHeader(), validPayload(id + "A")));
        assertRefusedByVerifier(forged(validHeader(), validPayload(id.substring(0, 42) + "B")));
        long now = clock.instant().toEpochMilli();
        long exp = now / 1000 + 60;
        assertRefusedByVerifier(forged(validHeader(), payload(null, now / 1000, exp, now, now, null)));
        assertRefusedByVerifier(forged(validHeader(), payload(12345L, now / 1000, exp, now, now, null)));
    }

    @Test
    void attributesThatAreNotAnObjectOfStringsAreRefused() {
        String id = SessionIds.generate();
        long now = clock.instant().toEpochMilli();
        long exp = now / 1000 + 60;
        for (String attributes : List.of(
                "{\"n\":1}",
                "{\"n\":null}",
                "{\"n\":{\"x\":\"y\"}}",
                "{\"n\":[\"a\"]}",
                "[\"a\"]",
                "\"a\"",
                "{\"\":\"empty name\"}")) {
            assertRefusedByVerifier(forged(validHeader(), payload(id, now / 1000, exp, now, now, attributes)));
        }
        assertThat(store.find(forged(validHeader(), payload(id, now / 1000, exp, now, now, "{\"n\":\"1\"}"))))
                .isPresent();
    }

    @Test
    void timesThatAreNotWholeMillisecondsAreRefused() {
        String id = SessionIds.generate();
        long now = clock.instant().toEpochMilli();
        long exp = now / 1000 + 60;
        assertRefusedByVerifier(forged(validHeader(), payload(id, now / 1000, exp, "\"" + now + "\"", now, null)));
        assertRefusedByVerifier(forged(validHeader(), payload(id, now / 1000, exp, now, now + ".5", null)));
        assertRefusedByVerifier(forged(validHeader(), payload(id, now / 1000, exp, null, now, null)));
        assertRefusedByVerifier(forged(validHeader(), payload(id, now / 1000, exp, now, null, null)));
    }

    @Test
    void compressedTokenIsRefused() {
        String header =
                "{\"alg\":\"HS256\",\"kid\":\"k1\",\"typ\":\"" + TokenSessionStore.TOKEN_TYPE + "\",\"zip\":\"DEF\"}";
        assertRefusedByVerifier(forged(header, validPayload(SessionIds.generate())));
    }

    @Test
    void criticalHeaderIsRefused() {
        String header = "{\"alg\":\"HS256\",\"kid\":\"k1\",\"typ\":\"" + TokenSessionStore.TOKEN_TYPE
                + "\",\"crit\":[\"b64\"],\"b64\":false}";
        assertRefusedByVerifier(forged(header, validPayload(SessionIds.generate())));
    }
}
