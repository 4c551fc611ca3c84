package dev.sessionbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A statistical smoke test of {@link SessionIds#generate}: over {@value #N} IDs every one of the 256 bit positions
 * is set about half the time, and every character position uses its alphabet evenly. It catches a broken generator
 * (a constant, a counter, a stuck bit, a bad encoding), not a subtly weak one. Bounds are wide (7 standard
 * deviations; chi-square at its 6.5-sigma quantile), so a correct generator fails about once in 10^8 runs.
 */
class SessionIdsRandomnessTest {

    private static final int N = 100_000;
    private static final int BITS = SessionIds.BYTES * 8;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String LAST = "AEIMQUYcgkosw048";
    private static String[] ids;

    @BeforeAll
    static void generate() {
        ids = new String[N];
        for (int i = 0; i < N; i++) {
            ids[i] = SessionIds.generate();
        }
    }

    @Test
    void everyBitPositionIsSetAboutHalfTheTime() {
        long[] ones = new long[BITS];
        Base64.Decoder decoder = Base64.getUrlDecoder();
        for (String id : ids) {
            byte[] bytes = decoder.decode(id);
            for (int bit = 0; bit < BITS; bit++) {
                ones[bit] += (bytes[bit >>> 3] >>> (7 - (bit & 7))) & 1;
            }
        }
        double sigma = Math.sqrt(N * 0.25);
        long total = 0;
        double worst = 0;
        for (int bit = 0; bit < BITS; bit++) {
            double z = (ones[bit] - N / 2.0) / sigma;
            worst = Math.max(worst, Math.abs(z));
            assertThat(Math.abs(z))
                    .as("bit %d set %d times in %d IDs (z = %.2f)", bit, ones[bit], N, z)
                    .isLessThan(7.0);
            total += ones[bit];
        }
        double zTotal = (total - (double) N * BITS / 2) / Math.sqrt((double) N * BITS * 0.25);
        assertThat(Math.abs(zTotal)).as("all bits together, z").isLessThan(7.0);
        System.out.printf(
                "bit frequencies over %d IDs: worst |z| of 256 positions = %.2f, all bits z = %.2f%n",
                N, worst, zTotal);
    }

    @Test
    void everyCharacterPositionUsesItsAlphabetEvenly() {
        double worst = 0;
        for (int pos = 0; pos < SessionIds.LENGTH; pos++) {
            String alphabet = pos == SessionIds.LENGTH - 1 ? LAST : ALPHABET;
            long[] counts = new long[alphabet.length()];
            for (String id : ids) {
                int k = alphabet.indexOf(id.charAt(pos));
                assertThat(k)
                        .as("character at position %d is in the alphabet", pos)
                        .isNotNegative();
                counts[k]++;
            }
            double expected = (double) N / alphabet.length();
            double chi2 = 0;
            for (long c : counts) {
                chi2 += (c - expected) * (c - expected) / expected;
            }
            int df = alphabet.length() - 1;
            // Wilson-Hilferty: the chi-square quantile at z = 6.5 (one-sided p about 4e-11): 166 for 63 df, 84 for 15.
            double h = 2.0 / (9 * df);
            double bound = df * Math.pow(1 - h + 6.5 * Math.sqrt(h), 3);
            assertThat(chi2)
                    .as("chi-square of position %d (%d degrees of freedom)", pos, df)
                    .isLessThan(bound);
            worst = Math.max(worst, chi2 / df);
        }
        System.out.printf(
                "character frequencies over %d IDs: worst chi-square / df of %d positions = %.2f%n",
                N, SessionIds.LENGTH, worst);
    }

    @Test
    void noTwoIdsRepeat() {
        assertThat(java.util.Arrays.stream(ids).distinct().count()).isEqualTo(N);
    }
}
