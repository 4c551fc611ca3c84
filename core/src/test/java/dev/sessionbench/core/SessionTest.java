package dev.sessionbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456Z");
    private final SessionPolicy policy = SessionPolicy.defaults().withClock(Clock.fixed(T0, ZoneOffset.UTC));

    private Session loaded(Map<String, String> attributes) {
        return Session.restore(SessionIds.generate(), T0, T0, attributes, policy);
    }

    @Test
    void newSessionStartsNowAtMillisecondPrecision() {
        Session s = Session.newSession(SessionIds.generate(), policy);
        assertThat(s.isNew()).isTrue();
        assertThat(s.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
        assertThat(s.lastAccessedAt()).isEqualTo(s.createdAt());
        assertThat(s.expiresAt()).isEqualTo(s.createdAt().plus(Duration.ofMinutes(30)));
    }

    @Test
    void expiresAtIsTheEarlierDeadline() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(Session.expiresAt(created, created.plus(Duration.ofHours(1)), policy))
                .isEqualTo(created.plus(Duration.ofMinutes(90)));
        assertThat(Session.expiresAt(created, created.plus(Duration.ofHours(11).plusMinutes(50)), policy))
                .isEqualTo(created.plus(Duration.ofHours(12)));
    }

    @Test
    void isExpiredAtTheDeadlineItself() {
        Session s = Session.newSession(SessionIds.generate(), policy);
        assertThat(s.isExpiredAt(s.expiresAt().minusMillis(1))).isFalse();
        assertThat(s.isExpiredAt(s.expiresAt())).isTrue();
    }

    @Test
    void changesAreTrackedSinceLoad() {
        Session s = loaded(Map.of("keep", "1", "drop", "2", "change", "3"));
        assertThat(s.hasChanges()).isFalse();
        s.setAttribute("change", "33").setAttribute("add", "4").removeAttribute("drop");
        assertThat(s.hasChanges()).isTrue();
        assertThat(s.changedAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of("change", "33", "add", "4"));
        assertThat(s.removedAttributes()).containsExactly("drop");
        assertThat(s.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("keep", "1", "change", "33", "add", "4"));
    }

    @Test
    void settingThenRemovingAnUnsavedAttributeLeavesNoChange() {
        Session s = loaded(Map.of("keep", "1"));
        s.setAttribute("tmp", "x").removeAttribute("tmp");
        assertThat(s.hasChanges()).isFalse();
        assertThat(s.removedAttributes()).isEmpty();
    }

    @Test
    void removingAnAbsentAttributeIsNoChange() {
        Session s = loaded(Map.of());
        s.removeAttribute("never");
        assertThat(s.hasChanges()).isFalse();
    }

    @Test
    void markSavedClearsChangesAndMovesTheLastAccessOnlyForward() {
        Session s = Session.newSession(SessionIds.generate(), policy).setAttribute("a", "1");
        s.markSaved(T0.plusSeconds(60));
        assertThat(s.isNew()).isFalse();
        assertThat(s.hasChanges()).isFalse();
        assertThat(s.attributes()).containsExactly(Map.entry("a", "1"));
        assertThat(s.lastAccessedAt()).isEqualTo(Instant.parse("2026-01-01T00:01:00.123Z"));
        s.markSaved(T0);
        assertThat(s.lastAccessedAt()).isEqualTo(Instant.parse("2026-01-01T00:01:00.123Z"));
    }

    @Test
    void withIdKeepsEverythingButTheId() {
        Session s = loaded(Map.of("a", "1")).setAttribute("b", "2");
        Session copy = s.withId(SessionIds.generate());
        assertThat(copy.id()).isNotEqualTo(s.id());
        assertThat(copy.isNew()).isFalse();
        assertThat(copy.createdAt()).isEqualTo(s.createdAt());
        assertThat(copy.attributes()).isEqualTo(s.attributes());
        assertThat(copy.changedAttributes()).containsExactly(Map.entry("b", "2"));
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
        Session s = Session.newSession(SessionIds.generate(), small);
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
        Session s = Session.newSession(SessionIds.generate(), policy.withMaxAttributes(2));
        s.setAttribute("a", "1").setAttribute("b", "2").setAttribute("a", "11");
        assertThatThrownBy(() -> s.setAttribute("c", "3")).hasMessageContaining("maxAttributes");
    }

    @Test
    void nameLengthIsLimited() {
        Session s = Session.newSession(SessionIds.generate(), policy.withMaxNameLength(4));
        s.setAttribute("abcd", "v");
        assertThatThrownBy(() -> s.setAttribute("abcde", "v"))
                .hasMessageContaining("5 characters")
                .hasMessageContaining("maxNameLength");
    }

    @Test
    void toStringNeverShowsTheId() {
        Session s = Session.newSession(SessionIds.generate(), policy);
        assertThat(s.toString()).doesNotContain(s.id()).contains(SessionIds.fingerprint(s.id()));
    }

    @Test
    void restoreFromEpochMillisGivesTheSameTimesAsFromInstants() {
        long created = Instant.parse("2026-01-01T00:00:00.007Z").toEpochMilli();
        long accessed = created + 61_000;
        Session s = Session.restore(SessionIds.generate(), created, accessed, Map.of("a", "1"), policy);
        Session t = Session.restore(
                s.id(), Instant.ofEpochMilli(created), Instant.ofEpochMilli(accessed), Map.of("a", "1"), policy);
        assertThat(s.createdAt()).isEqualTo(t.createdAt()).isEqualTo(Instant.ofEpochMilli(created));
        assertThat(s.lastAccessedAt()).isEqualTo(t.lastAccessedAt()).isEqualTo(Instant.ofEpochMilli(accessed));
        assertThat(s.expiresAt()).isEqualTo(t.expiresAt());
        assertThat(s.isNew()).isFalse();
        assertThat(s.attributes()).isEqualTo(Map.of("a", "1"));
    }

    @Test
    void markSavedMovesTheLastAccessForwardOnly() {
        Session s = loaded(Map.of());
        Instant before = s.lastAccessedAt();
        s.markSaved(before.toEpochMilli() - 5);
        assertThat(s.lastAccessedAt()).isEqualTo(before);
        s.markSaved(before.toEpochMilli() + 5);
        assertThat(s.lastAccessedAt()).isEqualTo(before.plusMillis(5));
        s.markSaved(before.plusMillis(9).plusNanos(999_999));
        assertThat(s.lastAccessedAt()).isEqualTo(before.plusMillis(9));
    }

    @Test
    void savedChangesStayVisibleAndLaterChangesBuildOnThem() {
        Session s = loaded(Map.of("keep", "1", "drop", "2", "change", "3"));
        s.setAttribute("change", "33").setAttribute("add", "4").removeAttribute("drop");
        s.markSaved(T0);
        assertThat(s.hasChanges()).isFalse();
        assertThat(s.changeCount()).isZero();
        assertThat(s.attribute("drop")).isEmpty();
        assertThat(s.attribute("change")).contains("33");
        assertThat(s.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("keep", "1", "change", "33", "add", "4"));

        s.removeAttribute("add").setAttribute("drop", "again");
        assertThat(s.changedAttributes()).isEqualTo(Map.of("drop", "again"));
        assertThat(s.removedAttributes()).containsExactly("add");
        assertThat(s.attributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("keep", "1", "change", "33", "drop", "again"));
        Map<String, String> seen = new java.util.LinkedHashMap<>();
        s.forEachChange(seen::put);
        assertThat(seen.keySet()).containsExactly("add", "drop");
        assertThat(seen.get("add")).isNull();
        assertThat(seen.get("drop")).isEqualTo("again");
        assertThat(s.changeCount()).isEqualTo(2);
    }

    @Test
    void attributeCountLimitCountsSavedChanges() {
        SessionPolicy two = policy.withMaxAttributes(2);
        Session s = Session.restore(SessionIds.generate(), T0, T0, Map.of("a", "1"), two);
        s.setAttribute("b", "2");
        s.markSaved(T0);
        assertThatThrownBy(() -> s.setAttribute("c", "3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttributes");
        s.removeAttribute("a").setAttribute("c", "3");
        assertThat(s.attributes()).containsOnlyKeys("b", "c");
    }
}
