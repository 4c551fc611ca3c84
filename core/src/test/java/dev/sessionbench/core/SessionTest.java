package dev.sessionbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.spi.SessionAccess;
import dev.sessionbench.core.spi.SizedAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456Z");
    private final SessionPolicy policy = SessionPolicy.defaults().withClock(Clock.fixed(T0, ZoneOffset.UTC));

    private Session loaded(Map<String, String> attributes) {
        return SessionAccess.restore(SessionIds.generate(), T0.toEpochMilli(), T0.toEpochMilli(), attributes, policy);
    }

    @Test
    void newSessionStartsNowAtMillisecondPrecision() {
        Session s = SessionAccess.newSession(SessionIds.generate(), policy);
        assertThat(SessionAccess.isNew(s)).isTrue();
        assertThat(s.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
        assertThat(s.lastAccessedAt()).isEqualTo(s.createdAt());
        assertThat(s.expiresAt()).isEqualTo(s.createdAt().plus(Duration.ofMinutes(30)));
    }

    @Test
    void expiresAtIsTheEarlierDeadline() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        long c = created.toEpochMilli();
        Session early = SessionAccess.restore(
                SessionIds.generate(), c, c + Duration.ofHours(1).toMillis(), Map.of(), policy);
        Session late = SessionAccess.restore(
                SessionIds.generate(),
                c,
                c + Duration.ofHours(11).plusMinutes(50).toMillis(),
                Map.of(),
                policy);
        assertThat(early.expiresAt()).isEqualTo(created.plus(Duration.ofMinutes(90)));
        assertThat(late.expiresAt()).isEqualTo(created.plus(Duration.ofHours(12)));
    }

    @Test
    void deadlineSaturatesInsteadOfOverflowing() {
        long nearTheEnd = Long.MAX_VALUE - 1_000;
        assertThat(policy.deadlineMillis(nearTheEnd, nearTheEnd)).isEqualTo(Long.MAX_VALUE);
        assertThat(policy.deadlineMillis(0, nearTheEnd))
                .isEqualTo(Duration.ofHours(12).toMillis());
        assertThat(policy.absoluteDeadlineMillis(nearTheEnd)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theBridgeCannotBeReplacedFromOutside() {
        SessionAccess.Bridge fake = (SessionAccess.Bridge) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {SessionAccess.Bridge.class}, (proxy, method, args) -> {
                    throw new AssertionError("the fake bridge was called");
                });
        assertThatThrownBy(() -> SessionAccess.install(fake))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("installed by Session only");
        assertThat(SessionAccess.isNew(SessionAccess.newSession(SessionIds.generate(), policy)))
                .isTrue();
    }

    @Test
    void applicationsSeeOnlyTheApplicationsMethods() {
        assertThat(java.util.Arrays.stream(Session.class.getDeclaredMethods())
                        .filter(m -> java.lang.reflect.Modifier.isPublic(m.getModifiers()))
                        .map(java.lang.reflect.Method::getName)
                        .distinct())
                .containsExactlyInAnyOrder(
                        "id",
                        "createdAt",
                        "lastAccessedAt",
                        "expiresAt",
                        "attribute",
                        "attributes",
                        "setAttribute",
                        "removeAttribute",
                        "toString");
    }

    @Test
    void isExpiredAtTheDeadlineItself() {
        Session s = SessionAccess.newSession(SessionIds.generate(), policy);
        assertThat(SessionAccess.isExpiredAt(s, s.expiresAt().minusMillis(1))).isFalse();
        assertThat(SessionAccess.isExpiredAt(s, s.expiresAt())).isTrue();
    }

    @Test
    void changesAreTrackedSinceLoad() {
        Session s = loaded(Map.of("keep", "1", "drop", "2", "change", "3"));
        assertThat(SessionAccess.hasChanges(s)).isFalse();
        s.setAttribute("change", "33").setAttribute("add", "4").removeAttribute("drop");
        assertThat(SessionAccess.hasChanges(s)).isTrue();
        assertThat(SessionAccess.changedAttributes(s))
                .containsExactlyInAnyOrderEntriesOf(Map.of("change", "33", "add", "4"));
        assertThat(SessionAccess.removedAttributes(s)).containsExactly("drop");
        assertThat(s.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("keep", "1", "change", "33", "add", "4"));
    }

    @Test
    void settingThenRemovingAnUnsavedAttributeLeavesNoChange() {
        Session s = loaded(Map.of("keep", "1"));
        s.setAttribute("tmp", "x").removeAttribute("tmp");
        assertThat(SessionAccess.hasChanges(s)).isFalse();
        assertThat(SessionAccess.removedAttributes(s)).isEmpty();
    }

    @Test
    void removingAnAbsentAttributeIsNoChange() {
        Session s = loaded(Map.of());
        s.removeAttribute("never");
        assertThat(SessionAccess.hasChanges(s)).isFalse();
    }

    @Test
    void markSavedClearsChangesAndMovesTheLastAccessOnlyForward() {
        Session s = SessionAccess.newSession(SessionIds.generate(), policy).setAttribute("a", "1");
        SessionAccess.markSaved(s, T0.plusSeconds(60));
        assertThat(SessionAccess.isNew(s)).isFalse();
        assertThat(SessionAccess.hasChanges(s)).isFalse();
        assertThat(s.attributes()).containsExactly(Map.entry("a", "1"));
        assertThat(s.lastAccessedAt()).isEqualTo(Instant.parse("2026-01-01T00:01:00.123Z"));
        SessionAccess.markSaved(s, T0);
        assertThat(s.lastAccessedAt()).isEqualTo(Instant.parse("2026-01-01T00:01:00.123Z"));
    }

    @Test
    void withIdKeepsEverythingButTheId() {
        Session s = loaded(Map.of("a", "1")).setAttribute("b", "2");
        Session copy = SessionAccess.withId(s, SessionIds.generate());
        assertThat(copy.id()).isNotEqualTo(s.id());
        assertThat(SessionAccess.isNew(copy)).isFalse();
        assertThat(copy.createdAt()).isEqualTo(s.createdAt());
        assertThat(copy.attributes()).isEqualTo(s.attributes());
        assertThat(SessionAccess.changedAttributes(copy)).containsExactly(Map.entry("b", "2"));
        copy.setAttribute("c", "3");
        assertThat(s.attribute("c")).isEmpty();
    }

    @Test
    void attributesViewIsReadOnly() {
        Session s = loaded(Map.of("a", "1")).setAttribute("b", "2");
        assertThatThrownBy(() -> s.attributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> loaded(Map.of("a", "1")).attributes().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void badNamesAndValuesAreRefusedWithTheReason() {
        Session s = loaded(Map.of());
        assertThatThrownBy(() -> s.setAttribute("", "v")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> s.setAttribute(null, "v")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> s.setAttribute("n", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("removeAttribute");
        assertThatThrownBy(() -> s.setAttribute("n", "bad \uD800 surrogate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> s.setAttribute("\uDC00", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
    }

    @Test
    void sizeLimitCountsUtf8BytesOfNamesAndValues() {
        SessionPolicy small = policy.withMaxSessionBytes(10);
        Session s = SessionAccess.newSession(SessionIds.generate(), small);
        s.setAttribute("ab", "\u00E9\u00E9\u00E9\u00E9"); // 2 + 8 bytes
        assertThatThrownBy(() -> s.setAttribute("c", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("11 bytes")
                .hasMessageContaining("limit of 10 bytes");
        s.setAttribute("ab", "x"); // replacing frees the old value's bytes
        s.setAttribute("c", "\uD83D\uDE00"); // 1 + 4 bytes: 3 + 5 = 8
        s.removeAttribute("ab");
        s.setAttribute("de", "fgh"); // 5 + 5 = 10: exactly at the limit
        assertThat(s.attributes()).hasSize(2);
    }

    @Test
    void attributeCountIsLimited() {
        Session s = SessionAccess.newSession(SessionIds.generate(), policy.withMaxAttributes(2));
        s.setAttribute("a", "1").setAttribute("b", "2").setAttribute("a", "11");
        assertThatThrownBy(() -> s.setAttribute("c", "3")).hasMessageContaining("maxAttributes");
    }

    @Test
    void nameLengthIsLimited() {
        Session s = SessionAccess.newSession(SessionIds.generate(), policy.withMaxNameLength(4));
        s.setAttribute("abcd", "v");
        assertThatThrownBy(() -> s.setAttribute("abcde", "v"))
                .hasMessageContaining("5 characters")
                .hasMessageContaining("maxNameLength");
    }

    @Test
    void toStringNeverShowsTheId() {
        Session s = SessionAccess.newSession(SessionIds.generate(), policy);
        assertThat(s.toString()).doesNotContain(s.id()).contains(SessionIds.fingerprint(s.id()));
    }

    @Test
    void restoreKeepsTheStoredTimesAndAttributes() {
        long created = Instant.parse("2026-01-01T00:00:00.007Z").toEpochMilli();
        long accessed = created + 61_000;
        Session s = SessionAccess.restore(SessionIds.generate(), created, accessed, Map.of("a", "1"), policy);
        assertThat(s.createdAt()).isEqualTo(Instant.ofEpochMilli(created));
        assertThat(s.lastAccessedAt()).isEqualTo(Instant.ofEpochMilli(accessed));
        assertThat(s.expiresAt()).isEqualTo(Instant.ofEpochMilli(accessed).plus(Duration.ofMinutes(30)));
        assertThat(SessionAccess.isNew(s)).isFalse();
        assertThat(s.attributes()).isEqualTo(Map.of("a", "1"));
    }

    @Test
    void markSavedMovesTheLastAccessForwardOnly() {
        Session s = loaded(Map.of());
        Instant before = s.lastAccessedAt();
        SessionAccess.markSaved(s, before.toEpochMilli() - 5);
        assertThat(s.lastAccessedAt()).isEqualTo(before);
        SessionAccess.markSaved(s, before.toEpochMilli() + 5);
        assertThat(s.lastAccessedAt()).isEqualTo(before.plusMillis(5));
        SessionAccess.markSaved(s, before.plusMillis(9).plusNanos(999_999));
        assertThat(s.lastAccessedAt()).isEqualTo(before.plusMillis(9));
    }

    @Test
    void savedChangesStayVisibleAndLaterChangesBuildOnThem() {
        Session s = loaded(Map.of("keep", "1", "drop", "2", "change", "3"));
        s.setAttribute("change", "33").setAttribute("add", "4").removeAttribute("drop");
        SessionAccess.markSaved(s, T0);
        assertThat(SessionAccess.hasChanges(s)).isFalse();
        assertThat(SessionAccess.changeCount(s)).isZero();
        assertThat(s.attribute("drop")).isEmpty();
        assertThat(s.attribute("change")).contains("33");
        assertThat(s.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("keep", "1", "change", "33", "add", "4"));

        s.removeAttribute("add").setAttribute("drop", "again");
        assertThat(SessionAccess.changedAttributes(s)).isEqualTo(Map.of("drop", "again"));
        assertThat(SessionAccess.removedAttributes(s)).containsExactly("add");
        assertThat(s.attributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("keep", "1", "change", "33", "drop", "again"));
        Map<String, String> seen = new java.util.LinkedHashMap<>();
        SessionAccess.forEachChange(s, seen::put);
        assertThat(seen.keySet()).containsExactly("add", "drop");
        assertThat(seen.get("add")).isNull();
        assertThat(seen.get("drop")).isEqualTo("again");
        assertThat(SessionAccess.changeCount(s)).isEqualTo(2);
    }

    @Test
    void attributeCountLimitCountsSavedChanges() {
        SessionPolicy two = policy.withMaxAttributes(2);
        Session s = SessionAccess.restore(
                SessionIds.generate(), T0.toEpochMilli(), T0.toEpochMilli(), Map.of("a", "1"), two);
        s.setAttribute("b", "2");
        SessionAccess.markSaved(s, T0);
        assertThatThrownBy(() -> s.setAttribute("c", "3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttributes");
        s.removeAttribute("a").setAttribute("c", "3");
        assertThat(s.attributes()).containsOnlyKeys("b", "c");
    }

    @Test
    void aSizedRestoreKeepsTheMapAsItIsAndTakesItsSizeFromIt() {
        Sized stored = new Sized(Map.of("ab", "\u00E9\u00E9\u00E9\u00E9"), 10); // 2 + 8 bytes
        Session s = SessionAccess.restoreSized(
                SessionIds.generate(), T0.toEpochMilli(), T0.toEpochMilli(), stored, policy.withMaxSessionBytes(10));
        assertThat(s.attributes()).isSameAs(stored);
        assertThat(stored.sizeAsked).isZero(); // a session that is only read never asks
        assertThatThrownBy(() -> s.setAttribute("c", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("11 bytes");
        assertThat(stored.sizeAsked).isEqualTo(1);
        s.setAttribute("ab", "x").setAttribute("c", "\uD83D\uDE00"); // 3 + 5 bytes
        assertThat(s.attributes()).containsOnlyKeys("ab", "c");
    }

    @Test
    void aSizedRestoreChecksTheLimitAgainstTheSizeTheMapGives() {
        Sized stored = new Sized(Map.of("a", "1"), 9); // as a store would give it for 9 bytes of attributes
        Session s = SessionAccess.restoreSized(SessionIds.generate(), 0L, 0L, stored, policy.withMaxSessionBytes(10));
        assertThatThrownBy(() -> s.setAttribute("b", "2")).hasMessageContaining("11 bytes");
    }

    /** An immutable map with the size it is given, counting how often it is asked for its size. */
    private static final class Sized extends AbstractMap<String, String> implements SizedAttributes {
        private final Map<String, String> map;
        private final long utf8Bytes;
        int sizeAsked;

        Sized(Map<String, String> map, long utf8Bytes) {
            this.map = map;
            this.utf8Bytes = utf8Bytes;
        }

        @Override
        public long utf8Bytes() {
            sizeAsked++;
            return utf8Bytes;
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return map.entrySet();
        }
    }

    @Test
    void utf8LengthCountsAsTheSizeLimitDoes() {
        assertThat(SessionAccess.utf8Length("a\u00E9\u20AC\uD83D\uDE00")).isEqualTo(1 + 2 + 3 + 4);
        assertThat(SessionAccess.utf8Length("")).isZero();
        assertThatThrownBy(() -> SessionAccess.utf8Length("ab\uD83D"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate at index 2");
    }
}
