package dev.sessionbench.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The attributes a benchmark session carries: {@value #ATTRIBUTES} attributes named {@code a0}..{@code a9} whose
 * names and values make about 100 bytes ({@code small}) or about 1 KiB ({@code large}) of UTF-8, all ASCII.
 */
public enum Payload {
    SMALL("small", 8),
    LARGE("large", 100);

    /** Attributes per session: the access-and-save operation changes one of them. */
    public static final int ATTRIBUTES = 10;

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final String label;
    private final int valueLength;

    Payload(String label, int valueLength) {
        this.label = label;
        this.valueLength = valueLength;
    }

    /** Returns the name used in the JMH {@code payload} parameter. */
    public String label() {
        return label;
    }

    /** Returns the length of each attribute value, in characters (= bytes). */
    public int valueLength() {
        return valueLength;
    }

    /** Returns the UTF-8 bytes of all names and values of one session. */
    public int bytes() {
        return ATTRIBUTES * (2 + valueLength);
    }

    private static final String[] NAMES = {"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"};

    /** Returns the name of attribute {@code i} (0 to 9). */
    public static String name(int i) {
        return NAMES[i];
    }

    /** Returns {@value #ATTRIBUTES} attributes with values drawn from {@code random}. */
    public Map<String, String> attributes(SplittableRandom random) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < ATTRIBUTES; i++) {
            attributes.put(name(i), value(random));
        }
        return attributes;
    }

    /** Returns one attribute value of this payload's length drawn from {@code random}. */
    public String value(SplittableRandom random) {
        char[] c = new char[valueLength];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    /** Returns the payload with this label; throws {@link IllegalArgumentException} listing the labels otherwise. */
    public static Payload of(String label) {
        for (Payload p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown payload '" + label + "'; known: "
                + Arrays.stream(values()).map(Payload::label).toList());
    }
}
