package dev.sessionbench.store.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.fixtures.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Encrypted tokens (JWE, dir with A256GCM): the client cannot read the attributes, and forgeries still fail. */
class EncryptedTokenTest {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final byte[] KEY = TokenSessionStoreTest.range(10, 32);

    MutableClock clock;
    SessionPolicy policy;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(START);
        policy = SessionPolicy.defaults().withClock(clock);
    }

    TokenSessionStore encrypted(byte[] key) {
        return TokenSessionStore.builder()
                .policy(policy)
                .encrypted(true)
                .signingKey("e1", key)
                .build();
    }

    @Test
    void encryptedTokenRoundTripsAndHidesTheAttributes() {
        try (TokenSessionStore store = encrypted(KEY)) {
            Session s = store.create().setAttribute("user", "alice").setAttribute("role", "admin");
            String token = store.save(s);
            String[] parts = token.split("\\.", -1);
            assertThat(parts).hasSize(5);
            assertThat(parts[1]).as("dir: no encrypted key").isEmpty();
            String header = Forge.decode(parts[0]);
            assertThat(header)
                    .contains(
                            "\"alg\":\"dir\"", "\"enc\":\"A256GCM\"", "\"kid\":\"e1\"", "\"typ\":\"sessionbench+jwt\"");
            String ciphertext = new String(Base64.getUrlDecoder().decode(parts[3]), StandardCharsets.ISO_8859_1);
            assertThat(ciphertext)
                    .doesNotContain("alice")
                    .doesNotContain("admin")
                    .doesNotContain(s.id());
            Session found = store.find(token).orElseThrow();
            assertThat(found.id()).isEqualTo(s.id());
            assertThat(found.attribute("user")).contains("alice");
        }
    }

    @Test
    void tamperedCiphertextOrTagIsRefused() {
        try (TokenSessionStore store = encrypted(KEY)) {
            String token = store.save(store.create().setAttribute("role", "user"));
            String[] p = token.split("\\.", -1);
            for (int part : new int[] {0, 2, 3, 4}) {
                String[] q = p.clone();
                char[] c = q[part].toCharArray();
                c[2] = c[2] == 'A' ? 'B' : 'A';
                q[part] = new String(c);
                long before = store.parseAttempts();
                assertThat(store.find(String.join(".", q))).as("part " + part).isEmpty();
                assertThat(store.parseAttempts()).isEqualTo(before + 1);
            }
            assertThat(store.find(token)).isPresent();
        }
    }

    @Test
    void tokenOfAnotherKeyOrOfASigningStoreIsRefused() {
        try (TokenSessionStore store = encrypted(KEY);
                TokenSessionStore other = encrypted(TokenSessionStoreTest.range(90, 32));
                TokenSessionStore signing = TokenSessionStore.builder()
                        .policy(policy)
                        .signingKey("e1", KEY)
                        .build()) {
            assertThat(store.find(other.save(other.create()))).isEmpty();
            String signed = signing.save(signing.create());
            assertThat(store.find(signed)).isEmpty();
            assertThat(signing.find(store.save(store.create()))).isEmpty();
        }
    }

    @Test
    void unsecuredOrOtherAlgorithmJweHeadersAreRefused() {
        try (TokenSessionStore store = encrypted(KEY)) {
            String token = store.save(store.create());
            String[] p = token.split("\\.", -1);
            String header = Forge.decode(p[0]);
            for (String variant : new String[] {
                header.replace("\"dir\"", "\"none\""),
                header.replace("\"dir\"", "\"A256KW\""),
                header.replace("A256GCM", "A128GCM"),
                header.replace("A256GCM", "A256CBC-HS512")
            }) {
                p[0] = Forge.b64(variant);
                assertThat(store.find(String.join(".", p))).isEmpty();
            }
        }
    }

    @Test
    void expiredEncryptedTokenIsRefused() {
        try (TokenSessionStore store = encrypted(KEY)) {
            String token = store.save(store.create());
            clock.advance(policy.idleTimeout());
            assertThat(store.find(token)).isEmpty();
        }
    }

    @Test
    void encryptionKeyMustBeExactly256Bits() {
        assertThatThrownBy(() -> encrypted(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 128 bits")
                .hasMessageContaining("exactly 256 bits");
        assertThatThrownBy(() -> encrypted(new byte[64]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 512 bits");
        assertThatThrownBy(() -> TokenSessionStore.builder()
                        .encrypted(true)
                        .algorithm(TokenSessionStore.Algorithm.HS512)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not apply");
    }

    @Test
    void encryptOptionInTheUriWithRevocation() {
        try (SessionStore store = SessionStores.open("token:?encrypt=true&revocation=memory", policy)) {
            String token = store.save(store.create().setAttribute("a", "b"));
            assertThat(token.split("\\.", -1)).hasSize(5);
            Session s = store.find(token).orElseThrow();
            store.invalidate(s);
            assertThat(store.find(token)).isEmpty();
            clock.advance(Duration.ofHours(1));
            assertThat(store.purgeExpired()).isEqualTo(1);
        }
    }

    @Test
    void valuesNotShapedAsAJweAreRefusedBeforeParsing() {
        try (TokenSessionStore store = encrypted(KEY)) {
            String token = store.save(store.create());
            long before = store.parseAttempts();
            for (String v : new String[] {
                SessionIds.generate(),
                token.substring(0, token.lastIndexOf('.')),
                token + ".x",
                token.replaceFirst("\\.\\.", "."),
                "a..b.c."
            }) {
                assertThat(store.find(v)).isEmpty();
            }
            assertThat(store.parseAttempts()).isEqualTo(before);
        }
    }
}
