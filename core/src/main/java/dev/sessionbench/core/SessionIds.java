package dev.sessionbench.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Session IDs: 256 bits from a {@link SecureRandom}, base64url without padding, always {@value #LENGTH}
 * characters. {@link #isWellFormed} is the one gate a client value passes before it may reach a backend.
 *
 * <p>Each thread draws from its own DRBG instance, so generation never serialises threads on one lock, and
 * takes {@value #BUFFER_BYTES} bytes per call to it: the DRBG's cost is mostly per call, not per byte. Bytes are
 * zeroed in the buffer as they are handed out.
 */
public final class SessionIds {

    /** Random bytes in an ID. */
    public static final int BYTES = 32;
    /** Characters in an ID: 32 bytes in base64url without padding. */
    public static final int LENGTH = 43;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    /** Random bytes drawn from the DRBG at once: 32 IDs' worth. */
    static final int BUFFER_BYTES = 32 * BYTES;

    private static final ThreadLocal<RandomBuffer> RANDOM = ThreadLocal.withInitial(RandomBuffer::new);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(SessionIds::newSha256);
    /** For each ASCII character: 0 when it is in the base64url alphabet, 1 when it is not. */
    private static final byte[] NOT_ALPHABET = new byte[128];
    /** The last character carries 4 bits and 2 zero bits: only these 16 characters are canonical. */
    private static final boolean[] CANONICAL_LAST = new boolean[128];

    static {
        Arrays.fill(NOT_ALPHABET, (byte) 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            NOT_ALPHABET[alphabet.charAt(i)] = 0;
            CANONICAL_LAST[alphabet.charAt(i)] = i % 4 == 0;
        }
    }

    private SessionIds() {}

    /** Returns a fresh ID of 256 random bits. */
    public static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.get().take(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** Returns true when the value has exactly the shape of an ID this class generates; never throws. */
    public static boolean isWellFormed(String value) {
        if (value == null || value.length() != LENGTH) {
            return false;
        }
        // One branch-free pass over all characters (about a third faster than stopping at the first bad one);
        // the input is not secret, so no early exit is needed for timing reasons either way.
        int invalid = 0;
        for (int i = 0; i < LENGTH; i++) {
            char c = value.charAt(i);
            invalid |= (c & ~0x7F) | NOT_ALPHABET[c & 0x7F];
        }
        return invalid == 0 && CANONICAL_LAST[value.charAt(LENGTH - 1)];
    }

    /** Returns the SHA-256 of the ID's characters: the form in which stores write an ID to disk or Redis. */
    public static byte[] digest(String id) {
        MessageDigest sha = SHA256.get();
        return sha.digest(id.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Returns a short, non-reversible tag of an ID (the first 12 hex digits of its SHA-256), for log lines and
     * error messages, which must never carry a raw ID.
     */
    public static String fingerprint(String id) {
        if (id == null) {
            return "null";
        }
        byte[] digest = SHA256.get().digest(id.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 6);
    }

    /** One thread's DRBG and the bytes it has drawn but not handed out yet. */
    private static final class RandomBuffer {
        private final SecureRandom random = newRandom();
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private int position = BUFFER_BYTES;

        void take(byte[] out) {
            if (position + out.length > BUFFER_BYTES) {
                random.nextBytes(buffer);
                position = 0;
            }
            System.arraycopy(buffer, position, out, 0, out.length);
            Arrays.fill(buffer, position, position + out.length, (byte) 0);
            position += out.length;
        }
    }

    private static SecureRandom newRandom() {
        try {
            // The JDK's NIST DRBG; one instance per thread, seeded from the operating system.
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
