package dev.sessionbench.core.http;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Synchronizer tokens against cross-site request forgery: {@value #BITS} random bits per session, kept in the
 * session attribute {@value #ATTRIBUTE}, compared in constant time. A form or an {@code X-CSRF-Token} header
 * carries the token; the session cookie alone never proves intent.
 *
 * <p>Rotate the token with the ID: {@link #changeIdAndToken} does {@link SessionStore#changeId} and issues a new
 * token in one step; calling {@code changeId} alone keeps the old token, which may have leaked before login.
 */
public final class CsrfTokens {

    /** The session attribute that holds the token. */
    public static final String ATTRIBUTE = "_csrf";
    /** The conventional request header for scripts that send the token. */
    public static final String HEADER = "X-CSRF-Token";
    /** The conventional form field for pages that send the token. */
    public static final String FORM_FIELD = "_csrf";
    /** Random bits per token. */
    public static final int BITS = 256;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private CsrfTokens() {}

    /**
     * Returns the session's token, first creating one and setting it as the attribute {@value #ATTRIBUTE} (a
     * pending change: save the session) when it has none.
     */
    public static String tokenFor(Session session) {
        Objects.requireNonNull(session, "session must not be null");
        Optional<String> existing = session.attribute(ATTRIBUTE);
        if (existing.isPresent()) {
            return existing.get();
        }
        return issue(session);
    }

    /** Returns a fresh token, replacing any the session had (a pending change: save the session). */
    public static String issue(Session session) {
        Objects.requireNonNull(session, "session must not be null");
        String token = newToken();
        session.setAttribute(ATTRIBUTE, token);
        return token;
    }

    /**
     * Returns a fresh token that belongs to no session yet: for a visitor who has none, kept in a cookie of its
     * own and in the page (a double-submit token), so that an anonymous page view stores nothing. Adopt it as the
     * session's token with {@code session.setAttribute(ATTRIBUTE, token)} when the first form post creates one.
     */
    public static String newToken() {
        byte[] bytes = new byte[BITS / 8];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** Returns true when {@code value} has the shape of a token this class makes: {@value #BITS} bits, base64url. */
    public static boolean isWellFormed(String value) {
        if (value == null || value.length() != (BITS + 5) / 6) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns true when both are present, well-formed and equal, compared in constant time: the check of a
     * double-submit token, the one in the form against the one in the visitor's cookie.
     */
    public static boolean sameToken(String expected, String presented) {
        if (!isWellFormed(expected) || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns true when {@code presented} equals the session's token. False when either is missing. The
     * comparison takes the same time wherever the two differ ({@link MessageDigest#isEqual}).
     */
    public static boolean matches(Session session, String presented) {
        Objects.requireNonNull(session, "session must not be null");
        if (presented == null) {
            return false;
        }
        Optional<String> expected = session.attribute(ATTRIBUTE);
        if (expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(
                expected.get().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns {@code store.changeId(session)} carrying a fresh CSRF token: the step to take on every privilege
     * change, such as login. Both the new ID and the new token are pending until the returned session is saved.
     */
    public static Session changeIdAndToken(SessionStore store, Session session) {
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(session, "session must not be null");
        Session rotated = store.changeId(session);
        issue(rotated);
        return rotated;
    }
}
