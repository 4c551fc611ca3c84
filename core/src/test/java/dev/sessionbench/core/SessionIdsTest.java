package dev.sessionbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

    @Test
    void generatedIdsAre43Base64urlCharactersOf32Bytes() {
        for (int i = 0; i < 1_000; i++) {
            String id = SessionIds.generate();
            assertThat(id).hasSize(SessionIds.LENGTH).matches("[A-Za-z0-9_-]+");
            assertThat(Base64.getUrlDecoder().decode(id)).hasSize(SessionIds.BYTES);
            assertThat(SessionIds.isWellFormed(id)).as(id).isTrue();
        }
    }

    @Test
    void idsAreUniqueAcrossThreads() {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 40_000).parallel().forEach(i -> ids.add(SessionIds.generate()));
        assertThat(ids).hasSize(40_000);
    }

    @Test
    void onlyCanonicalEncodingsAreWellFormed() {
        String id = SessionIds.generate();
        Set<Character> canonical = new HashSet<>();
        for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray()) {
            String candidate = id.substring(0, 42) + c;
            // a base64 decoder accepts all 64, but only 16 re-encode to the same text
            String reencoded = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(Base64.getUrlDecoder().decode(candidate));
            assertThat(SessionIds.isWellFormed(candidate))
                    .as("last character %s", c)
                    .isEqualTo(reencoded.equals(candidate));
            if (reencoded.equals(candidate)) {
                canonical.add(c);
            }
        }
        assertThat(canonical).hasSize(16);
    }

    @Test
    void malformedValuesAreRejectedWithoutThrowing() {
        String id = SessionIds.generate();
        assertThat(SessionIds.isWellFormed(null)).isFalse();
        assertThat(SessionIds.isWellFormed("")).isFalse();
        assertThat(SessionIds.isWellFormed(id.substring(1))).isFalse();
        assertThat(SessionIds.isWellFormed(id + "A")).isFalse();
        assertThat(SessionIds.isWellFormed(id.replace(id.charAt(3), '+'))).isFalse();
        assertThat(SessionIds.isWellFormed("\u0410" + id.substring(1))).isFalse();
        assertThat(SessionIds.isWellFormed(id.substring(0, 42) + "=")).isFalse();
    }

    @Test
    void fingerprintIsShortStableAndNotTheId() {
        String id = SessionIds.generate();
        assertThat(SessionIds.fingerprint(id)).hasSize(12).matches("[0-9a-f]+").isEqualTo(SessionIds.fingerprint(id));
        assertThat(id).doesNotContain(SessionIds.fingerprint(id));
        assertThat(SessionIds.fingerprint(null)).isEqualTo("null");
    }

    @Test
    void digestIsSha256() {
        assertThat(SessionIds.digest("abc")).hasSize(32);
        assertThat(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(SessionIds.digest("abc")))
                .isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
    }
}
