package dev.sessionbench.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AttributeCodecTest {

    record Cart(List<String> items, int total) {}

    enum Theme {
        DARK,
        LIGHT
    }

    static class Unregistered {
        public String secret = "x";
    }

    private final AttributeCodec codec = AttributeCodec.withTypes(List.of(Cart.class, Theme.class));

    @Test
    void stringIsStoredAsItIs() {
        assertThat(codec.encode("user", "alice")).isEqualTo("alice");
        assertThat(codec.encode("empty", "")).isEmpty();
        assertThat(codec.decode("user", "alice")).isEqualTo("alice");
        assertThat(codec.decode("json", "{\"a\":1}")).isEqualTo("{\"a\":1}");
    }

    @Test
    void stringThatLooksLikeAnEncodedValueIsEscapedAndReadBackExactly() {
        String lookalike = AttributeCodec.MARK + "java.lang.Integer:5";
        String stored = codec.encode("x", lookalike);
        assertThat(stored).isNotEqualTo(lookalike).startsWith(AttributeCodec.MARK + "java.lang.String:");
        assertThat(codec.decode("x", stored)).isEqualTo(lookalike);
        assertThat(codec.decode("x", codec.encode("x", String.valueOf(AttributeCodec.MARK))))
                .isEqualTo(String.valueOf(AttributeCodec.MARK));
    }

    @Test
    void simpleValueTypesRoundTripWithTheirClass() {
        List<Object> values = List.of(
                42,
                7L,
                true,
                2.5d,
                new BigDecimal("12.30"),
                Instant.parse("2026-01-01T00:00:00Z"),
                UUID.fromString("3f9a0c1d-2e4b-4a6f-8b1c-0d2e3f4a5b6c"),
                'c');
        for (Object value : values) {
            String stored = codec.encode("v", value);
            assertThat(stored).startsWith(AttributeCodec.MARK + value.getClass().getName() + ":");
            assertThat(codec.decode("v", stored)).isEqualTo(value).hasSameClassAs(value);
        }
        assertThat(codec.encode("n", 42)).isEqualTo(AttributeCodec.MARK + "java.lang.Integer:42");
    }

    @Test
    void registeredRecordAndEnumRoundTrip() {
        Cart cart = new Cart(List.of("book", "pen"), 2);
        assertThat(codec.encode("cart", cart))
                .isEqualTo(AttributeCodec.MARK + Cart.class.getName() + ":{\"items\":[\"book\",\"pen\"],\"total\":2}");
        assertThat(codec.decode("cart", codec.encode("cart", cart))).isEqualTo(cart);
        assertThat(codec.decode("theme", codec.encode("theme", Theme.DARK))).isEqualTo(Theme.DARK);
    }

    @Test
    void unregisteredTypeIsRefusedNamingTheTypeAndTheProperty() {
        assertThatThrownBy(() -> codec.encode("thing", new Unregistered()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'thing'")
                .hasMessageContaining(Unregistered.class.getName())
                .hasMessageContaining("sessionbench.session.attribute-types");
        assertThatThrownBy(() -> codec.encode("list", new ArrayList<>(List.of("a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.util.ArrayList");
    }

    @Test
    void storedValueNamingAClassOffTheAllowListIsNeverInstantiated() {
        String gadget = AttributeCodec.MARK + "java.net.URL:\"http://example.invalid/\"";
        assertThatThrownBy(() -> codec.decode("x", gadget))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("java.net.URL")
                .hasMessageContaining("sessionbench.session.attribute-types");
        String wasRegistered = codec.encode("cart", new Cart(List.of(), 0));
        assertThatThrownBy(() -> AttributeCodec.simpleTypes().decode("cart", wasRegistered))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Cart.class.getName());
    }

    @Test
    void subclassOfARegisteredTypeIsRefused() {
        AttributeCodec numbers = AttributeCodec.withTypes(List.of(ArrayList.class));
        assertThat(numbers.accepts(ArrayList.class)).isTrue();
        assertThatThrownBy(() -> numbers.encode("l", new ArrayList<>() {
                    private static final long serialVersionUID = 1L;
                }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void interfacesAndAbstractClassesCannotBeRegistered() {
        assertThatThrownBy(() -> AttributeCodec.withTypes(List.of(List.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.util.List");
        assertThatThrownBy(() -> AttributeCodec.withTypes(List.of(Number.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Number");
    }

    @Test
    void markWithoutATagIsReportedNotGuessed() {
        assertThatThrownBy(() -> codec.decode("x", AttributeCodec.MARK + "no tag"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no type tag");
    }
}
