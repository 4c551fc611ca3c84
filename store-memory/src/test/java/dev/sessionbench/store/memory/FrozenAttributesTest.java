package dev.sessionbench.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.spi.SessionAccess;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The stored attribute map: a save's merge gives exactly the map a plain copy-and-apply would. */
class FrozenAttributesTest {

    private final SessionPolicy policy = SessionPolicy.defaults();

    @Test
    void mergeOfRandomSetsAndRemovalsMatchesAPlainMap() {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 500; round++) {
            Map<String, String> expected = new HashMap<>();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                expected.put("k" + random.nextInt(60), "v" + i + "\u00E9".repeat(random.nextInt(3)));
            }
            FrozenAttributes stored = FrozenAttributes.copyOf(expected);
            assertThat(stored).isEqualTo(expected);
            assertThat(stored.utf8Bytes()).isEqualTo(utf8Bytes(expected));

            Session s = SessionAccess.restore(SessionIds.generate(), 0L, 0L, stored, policy);
            for (int c = random.nextInt(20); c > 0; c--) {
                String name = "k" + random.nextInt(60);
                if (random.nextBoolean()) {
                    String value = "new" + c + "\uD83D\uDE00".repeat(random.nextInt(2));
                    s.setAttribute(name, value);
                    expected.put(name, value);
                } else {
                    s.removeAttribute(name);
                    expected.remove(name);
                }
            }
            FrozenAttributes merged = FrozenAttributes.merge(stored, s);
            assertThat(merged).isEqualTo(expected).hasSize(expected.size());
            assertThat(merged.utf8Bytes()).isEqualTo(utf8Bytes(expected));
            expected.forEach((k, v) -> assertThat(merged.get(k)).isEqualTo(v));
            assertThat(merged.get("absent")).isNull();
            assertThat(merged.containsKey(1)).isFalse();
        }
    }

    @Test
    void removingEveryAttributeGivesTheEmptyMap() {
        FrozenAttributes stored = FrozenAttributes.copyOf(Map.of("a", "1", "b", "2"));
        Session s = SessionAccess.restore(SessionIds.generate(), 0L, 0L, stored, policy);
        s.removeAttribute("a").removeAttribute("b");
        assertThat(FrozenAttributes.merge(stored, s)).isEmpty();
    }

    @Test
    void theMapCannotBeChanged() {
        FrozenAttributes stored = FrozenAttributes.copyOf(Map.of("a", "1"));
        assertThatThrownBy(() -> stored.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> stored.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> stored.entrySet().iterator().remove())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(stored).containsExactly(Map.entry("a", "1"));
    }

    @Test
    void aMergeCarriesTheSizeOverAndCountsOnlyTheChanges() {
        FrozenAttributes stored = FrozenAttributes.copyOf(Map.of("a", "1", "b", "\u00E9"));
        assertThat(stored.utf8Bytes()).isEqualTo(2 + 3);
        Session s = SessionAccess.restoreSized(SessionIds.generate(), 0L, 0L, stored, policy);
        s.setAttribute("b", "22").setAttribute("c", "\u20AC").removeAttribute("a");
        FrozenAttributes merged = FrozenAttributes.merge(stored, s);
        assertThat(merged).containsOnly(Map.entry("b", "22"), Map.entry("c", "\u20AC"));
        assertThat(merged.utf8Bytes()).isEqualTo(3 + 4);
        assertThat(stored).containsOnlyKeys("a", "b"); // the stored map is copied, never changed
    }

    private static long utf8Bytes(Map<String, String> attributes) {
        long n = 0;
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            n += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }
}
