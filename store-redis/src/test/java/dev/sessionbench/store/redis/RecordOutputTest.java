package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The find reply parser, fed as Lettuce feeds it, from heap and from direct buffers; and the map it builds. */
class RecordOutputTest {

    private static ByteBuffer heap(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer direct(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        // a slice at an offset, as the protocol parser hands out a region of its read buffer
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length + 7);
        b.position(3);
        b.put(bytes);
        b.position(3).limit(3 + bytes.length);
        return b;
    }

    private static RecordOutput feed(boolean direct, String... fields) {
        RecordOutput out = new RecordOutput(RedisSessionStore.CODEC);
        out.multi(fields.length);
        for (String f : fields) {
            out.set(direct ? direct(f) : heap(f));
        }
        return out;
    }

    @Test
    void readsTheTimesAndEveryAttributeFromHeapAndDirectBuffers() {
        String big = "é".repeat(9000); // longer than the scratch array
        for (boolean direct : List.of(false, true)) {
            RecordOutput out = feed(
                    direct,
                    "a:user",
                    "alice",
                    "c",
                    "1767225600000",
                    "a:名前",
                    "値\n\"x\"",
                    "l",
                    "1767225601234",
                    "a:big",
                    big,
                    "a:",
                    "");
            assertThat(out.present()).isTrue();
            assertThat(out.valid()).isTrue();
            assertThat(out.created()).isEqualTo(1767225600000L);
            assertThat(out.accessed()).isEqualTo(1767225601234L);
            assertThat(out.attributes()).isEqualTo(Map.of("user", "alice", "名前", "値\n\"x\"", "big", big, "", ""));
        }
    }

    @Test
    void anEmptyReplyOrNilIsNoRecord() {
        RecordOutput empty = new RecordOutput(RedisSessionStore.CODEC);
        empty.multi(0);
        assertThat(empty.present()).isFalse();
        RecordOutput emptyMap = new RecordOutput(RedisSessionStore.CODEC);
        emptyMap.multiMap(0);
        assertThat(emptyMap.present()).isFalse();
        RecordOutput nil = new RecordOutput(RedisSessionStore.CODEC);
        nil.set((ByteBuffer) null);
        assertThat(nil.present()).isFalse();
        assertThat(nil.valid()).isFalse();
    }

    @Test
    void aResp3MapIsReadLikeAnArray() {
        RecordOutput out = new RecordOutput(RedisSessionStore.CODEC);
        out.multiMap(3);
        for (String f : List.of("c", "1", "l", "2", "a:x", "y")) {
            out.set(direct(f));
        }
        assertThat(out.valid()).isTrue();
        assertThat(out.attributes()).isEqualTo(Map.of("x", "y"));
    }

    @Test
    void aStringOrANestedReplyIsPresentButNotValid() {
        RecordOutput string = new RecordOutput(RedisSessionStore.CODEC);
        string.set(heap("a string"));
        assertThat(string.present()).isTrue();
        assertThat(string.valid()).isFalse();
    }

    @Test
    void aRecordWithoutValidTimesOrWithAnOddFieldCountIsNotValid() {
        assertThat(feed(false, "c", "1", "a:x", "y").valid())
                .as("no last access")
                .isFalse();
        assertThat(feed(false, "c", "not a number", "l", "2").valid()).isFalse();
        assertThat(feed(false, "c", "", "l", "2").valid()).isFalse();
        assertThat(feed(false, "c", "99999999999999999999", "l", "2").valid())
                .as("overflow")
                .isFalse();
        assertThat(feed(false, "c", "1", "l", "2", "a:x").valid())
                .as("a field without a value")
                .isFalse();
        RecordOutput nested = feed(false, "c", "1", "l", "2");
        nested.multi(2);
        assertThat(nested.valid()).isFalse();
        RecordOutput integer = feed(false, "c", "1", "l", "2");
        integer.set(5L);
        assertThat(integer.valid()).isFalse();
        assertThat(feed(false, "c", "-5", "l", "2", "x", "other layout").valid())
                .isTrue();
    }

    @Test
    void knownAttributeNamesAreShared() {
        String first = feed(true, "c", "1", "l", "2", "a:cart", "1")
                .attributes()
                .keySet()
                .iterator()
                .next();
        String second = feed(true, "c", "1", "l", "2", "a:cart", "2")
                .attributes()
                .keySet()
                .iterator()
                .next();
        assertThat(second).isEqualTo("cart").isSameAs(first);
    }

    @Test
    void theMapIsARegularReadOnlyMapAtAnySize() {
        for (int n : List.of(0, 1, AttributeMap.MAX_SCANNED, AttributeMap.MAX_SCANNED + 1, 300)) {
            String[] names = new String[n];
            String[] values = new String[n];
            Map<String, String> expected = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                names[i] = "n" + i;
                values[i] = "v" + i;
                expected.put(names[i], values[i]);
            }
            Map<String, String> map = AttributeMap.of(names, values, n);
            assertThat(map).isEqualTo(expected).hasSize(n);
            assertThat(map.hashCode()).isEqualTo(new HashMap<>(expected).hashCode());
            assertThat(map.get("missing")).isNull();
            assertThat(map.get(null)).isNull();
            assertThat(map.containsKey("n0")).isEqualTo(n > 0);
            assertThat(new LinkedHashMap<>(map)).isEqualTo(expected);
        }
        Map<String, String> small = AttributeMap.of(new String[] {"a", "b"}, new String[] {"1", "2"}, 2);
        assertThatThrownBy(() -> small.put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> small.entrySet().iterator().next().setValue("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
