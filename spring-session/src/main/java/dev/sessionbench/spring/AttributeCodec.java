package dev.sessionbench.spring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Turns Spring session attribute values into the strings a store keeps, and back. A {@code String} is stored as it
 * is; any other value is JSON (Jackson) behind a tag naming its class, and only classes on the allow-list are
 * written or read: the JDK's simple value types ({@link #SIMPLE_TYPES}) and those the application registers. No
 * Java serialization and no Jackson default typing, so a stored value can never name a class to instantiate.
 *
 * <p>Stored form: a value that does not start with {@value #MARK_NAME} is a plain string. Otherwise it is
 * {@code MARK + className + ':' + payload}. An application string that itself starts with the mark is stored as
 * {@code MARK + "java.lang.String:" + string}, so it is never mistaken for an encoded value.
 */
public final class AttributeCodec {

    /** Starts every encoded value: U+0001 (SOH), which text from a form or a header practically never starts with. */
    public static final char MARK = '\u0001';

    static final String MARK_NAME = "U+0001";
    /** The property that registers more types in a Boot application. */
    public static final String TYPES_PROPERTY = "sessionbench.session.attribute-types";

    /** The JDK's value types every codec accepts without registration. */
    public static final List<Class<?>> SIMPLE_TYPES = List.of(
            Integer.class,
            Long.class,
            Short.class,
            Byte.class,
            Double.class,
            Float.class,
            Boolean.class,
            Character.class,
            BigDecimal.class,
            BigInteger.class,
            Instant.class,
            Duration.class,
            LocalDate.class,
            LocalDateTime.class,
            UUID.class);

    private static final String STRING_TAG = String.class.getName();

    private final Map<String, Class<?>> allowed;
    private final JsonMapper json;

    private AttributeCodec(Map<String, Class<?>> allowed) {
        this.allowed = allowed;
        this.json = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                // a field removed from a class in a later release must not make old sessions unreadable
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // refuses every polymorphic subtype, even one a registered class asks for with @JsonTypeInfo
                .polymorphicTypeValidator(
                        BasicPolymorphicTypeValidator.builder().build())
                .deactivateDefaultTyping()
                .build();
    }

    /** Returns a codec that accepts strings and {@link #SIMPLE_TYPES} only. */
    public static AttributeCodec simpleTypes() {
        return withTypes(List.of());
    }

    /**
     * Returns a codec that also accepts exactly the given classes (not their subclasses), which Jackson must be able to
     * write and read back, such as records. Throws {@link IllegalArgumentException} for an interface, an abstract
     * class, an array or a primitive, whose stored form could not say what to read back.
     */
    public static AttributeCodec withTypes(Collection<Class<?>> types) {
        Objects.requireNonNull(types, "types must not be null");
        Map<String, Class<?>> allowed = new LinkedHashMap<>();
        for (Class<?> type : SIMPLE_TYPES) {
            allowed.put(type.getName(), type);
        }
        for (Class<?> type : types) {
            Objects.requireNonNull(type, "a registered attribute type must not be null");
            if (type.isInterface()
                    || type.isArray()
                    || type.isPrimitive()
                    || (java.lang.reflect.Modifier.isAbstract(type.getModifiers()) && !type.isEnum())) {
                throw new IllegalArgumentException("attribute type " + type.getName() + " cannot be registered: "
                        + "register concrete classes (records, enums, final classes); an interface, abstract class, "
                        + "array or primitive does not say what to read back");
            }
            allowed.put(type.getName(), type);
        }
        return new AttributeCodec(Map.copyOf(allowed));
    }

    /** Returns whether values of exactly this class can be stored. */
    public boolean accepts(Class<?> type) {
        return type == String.class || allowed.get(type.getName()) == type;
    }

    /**
     * Returns the stored form of the value of attribute {@code name}. Throws {@link IllegalArgumentException} naming
     * the type and {@value #TYPES_PROPERTY} when the value's class is not on the allow-list, or when Jackson cannot
     * write it.
     */
    public String encode(String name, Object value) {
        Objects.requireNonNull(value, "value must not be null");
        if (value instanceof String s) {
            return !s.isEmpty() && s.charAt(0) == MARK ? MARK + STRING_TAG + ":" + s : s;
        }
        Class<?> type = value instanceof Enum<?> e ? e.getDeclaringClass() : value.getClass();
        if (!accepts(type)) {
            throw new IllegalArgumentException("session attribute '" + name + "' has a value of type " + type.getName()
                    + ", which is not allowed in the session: store a String or one of the JDK value types, or register "
                    + "the class with the property " + TYPES_PROPERTY + "=" + type.getName()
                    + " (AttributeCodec.withTypes in code)");
        }
        try {
            return MARK + type.getName() + ":" + json.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException(
                    "session attribute '" + name + "' of type " + type.getName() + " cannot be written as JSON: "
                            + ex.getOriginalMessage(),
                    ex);
        }
    }

    /**
     * Returns the value that {@code stored} holds. A plain string is returned as it is. Throws
     * {@link IllegalStateException} when the stored value names a class that is not on the allow-list (for example
     * one removed from {@value #TYPES_PROPERTY} since it was stored) or cannot be read back.
     */
    public Object decode(String name, String stored) {
        Objects.requireNonNull(stored, "stored value must not be null");
        if (stored.isEmpty() || stored.charAt(0) != MARK) {
            return stored;
        }
        int colon = stored.indexOf(':');
        if (colon < 0) {
            throw new IllegalStateException("session attribute '" + name + "' starts with the codec's mark " + MARK_NAME
                    + " but has no type tag; it was not written by this codec");
        }
        String tag = stored.substring(1, colon);
        String payload = stored.substring(colon + 1);
        if (tag.equals(STRING_TAG)) {
            return payload;
        }
        Class<?> type = allowed.get(tag);
        if (type == null) {
            throw new IllegalStateException("session attribute '" + name + "' holds a value of type " + printable(tag)
                    + ", which is not allowed in the session; register it with the property " + TYPES_PROPERTY);
        }
        try {
            return json.readValue(payload, type);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(
                    "session attribute '" + name + "' of type " + tag + " cannot be read back from its JSON: "
                            + ex.getOriginalMessage(),
                    ex);
        }
    }

    /** Returns the registered classes beyond the simple types and String, for diagnostics. */
    public List<String> registeredTypes() {
        return allowed.keySet().stream()
                .filter(n -> SIMPLE_TYPES.stream().noneMatch(t -> t.getName().equals(n)))
                .sorted()
                .toList();
    }

    private static String printable(String s) {
        String cut = s.length() > 120 ? s.substring(0, 120) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public String toString() {
        return "AttributeCodec[String, JDK value types" + (registeredTypes().isEmpty() ? "" : ", " + registeredTypes())
                + "]";
    }
}
