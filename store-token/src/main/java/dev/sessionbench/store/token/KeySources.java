package dev.sessionbench.store.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads key material named by a source, {@code env:NAME} or {@code file:/path}, holding the key in base64url.
 * The key itself is never accepted as a source, so it cannot end up in a URI, a log line or a message.
 */
final class KeySources {

    /** The longest key file read: far more than any HMAC key needs, small enough to refuse a wrong file. */
    static final int MAX_KEY_FILE_BYTES = 16 * 1024;
    /** Key IDs: short, and free of the separators the {@code oldKeys} option uses. */
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private KeySources() {}

    /** Returns the key bytes the source names, reading the environment through {@code env}. */
    static byte[] load(String source, Function<String, String> env) {
        Objects.requireNonNull(source, "key source must not be null");
        if (source.startsWith("env:")) {
            String name = source.substring(4);
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("key source env:" + name + " does not name an environment "
                        + "variable; expected env:NAME with NAME of letters, digits and underscores");
            }
            String value = env.apply(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("environment variable " + name + " (key source env:" + name
                        + ") is not set or is empty; it must hold the key in base64url");
            }
            return decode(value, "environment variable " + name);
        }
        if (source.startsWith("file:")) {
            Path path = Path.of(source.substring(5));
            byte[] content;
            try {
                if (Files.size(path) > MAX_KEY_FILE_BYTES) {
                    throw new IllegalArgumentException("key file " + path + " is over " + MAX_KEY_FILE_BYTES
                            + " bytes; it must hold only the key in base64url");
                }
                content = Files.readAllBytes(path);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot read key file " + path + " (key source file:" + path + "): " + e, e);
            }
            return decode(new String(content, StandardCharsets.US_ASCII), "key file " + path);
        }
        // The source is not echoed: a mistake here is most likely the key itself pasted into the URI.
        throw new IllegalArgumentException("a key source must be env:NAME or file:/path, naming base64url key "
                + "material; the key itself is never accepted inline");
    }

    /** Returns the key's bytes; the message never shows the text, which may be (part of) a key. */
    static byte[] decode(String base64url, String where) {
        String s = base64url.strip();
        try {
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    where + " does not hold base64url key material (alphabet A-Z a-z 0-9 - _, " + "padding optional)");
        }
    }

    /** Returns a key ID derived from the key ("k" and 8 hex digits of its SHA-256), stable across processes. */
    static String derivedKeyId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "k" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** Returns the key ID, checked; throws {@link IllegalArgumentException} saying what a key ID may hold. */
    static String checkKeyId(String kid) {
        Objects.requireNonNull(kid, "key ID must not be null");
        if (!KEY_ID.matcher(kid).matches()) {
            throw new IllegalArgumentException(
                    "key ID '" + kid + "' is not valid: expected 1 to 64 of A-Z a-z 0-9 _ . -");
        }
        return kid;
    }

    /** Returns the process environment as a function, the default of {@link #load}. */
    static Function<String, String> systemEnv() {
        Map<String, String> env = System.getenv();
        return env::get;
    }
}
