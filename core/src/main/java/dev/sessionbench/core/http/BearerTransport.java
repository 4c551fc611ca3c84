package dev.sessionbench.core.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The client value in {@code Authorization: Bearer <value>} (RFC 6750), for API clients that keep no cookies.
 * Defaults: values up to {@value #DEFAULT_MAX_VALUE_CHARS} characters, at most {@value #MAX_CANDIDATES} headers
 * read. The server hands the value over in a response body; there is no response header for it.
 */
public final class BearerTransport implements SessionTransport {

    public static final String REQUEST_HEADER = "Authorization";
    /** The challenge a 401 answer carries in {@code WWW-Authenticate}. */
    public static final String CHALLENGE = "Bearer";
    /** Default longest value accepted: 16 KiB, room for a signed token of a modest session. */
    public static final int DEFAULT_MAX_VALUE_CHARS = 16 * 1024;
    /** At most this many Authorization headers are read; a well-behaved client sends one. */
    public static final int MAX_CANDIDATES = 4;

    private static final String SCHEME = "Bearer";
    private static final BearerTransport DEFAULTS = new BearerTransport(DEFAULT_MAX_VALUE_CHARS);

    private final int maxValueChars;

    private BearerTransport(int maxValueChars) {
        this.maxValueChars = maxValueChars;
    }

    /** Returns the transport with the default limits. */
    public static BearerTransport defaults() {
        return DEFAULTS;
    }

    /** Returns a transport that accepts values of up to {@code chars} characters (64 to 1 MiB). */
    public static BearerTransport withMaxValueChars(int chars) {
        if (chars < 64 || chars > 1 << 20) {
            throw new IllegalArgumentException("maxValueChars must be between 64 and " + (1 << 20) + ", was " + chars);
        }
        return new BearerTransport(chars);
    }

    @Override
    public String requestHeader() {
        return REQUEST_HEADER;
    }

    /**
     * Returns the header value a client sends for {@code clientValue}: {@code Bearer <value>}. Throws
     * {@link IllegalArgumentException} when the value is not an RFC 6750 b64token or is too long; the message
     * never shows the value.
     */
    public String headerValue(String clientValue) {
        Objects.requireNonNull(clientValue, "client value must not be null");
        if (clientValue.length() > maxValueChars || !isB64Token(clientValue, 0, clientValue.length())) {
            throw new IllegalArgumentException("a client value of " + clientValue.length() + " characters is not a "
                    + "bearer token of at most " + maxValueChars + " characters (letters, digits, -._~+/ then '=')");
        }
        return SCHEME + " " + clientValue;
    }

    /**
     * Returns the bearer values of the given {@code Authorization} headers, in order, without duplicates. The
     * scheme is matched without regard to case; other schemes, malformed and over-long values are skipped. Never
     * throws.
     */
    @Override
    public List<String> candidates(List<String> headerValues) {
        List<String> out = new ArrayList<>(1);
        if (headerValues == null) {
            return out;
        }
        int read = 0;
        for (int h = 0; h < headerValues.size() && read < MAX_CANDIDATES; h++, read++) {
            String header = headerValues.get(h);
            if (header == null
                    || header.length() > maxValueChars + SCHEME.length() + 16
                    || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
                continue;
            }
            int from = SCHEME.length();
            if (from >= header.length() || header.charAt(from) != ' ') {
                continue; // "Bearerx" is another scheme
            }
            while (from < header.length() && header.charAt(from) == ' ') {
                from++;
            }
            int to = header.length();
            while (to > from && CookieSyntax.isOws(header.charAt(to - 1))) {
                to--;
            }
            if (to - from <= maxValueChars && isB64Token(header, from, to)) {
                String value = header.substring(from, to);
                if (!out.contains(value)) {
                    out.add(value);
                }
            }
        }
        return out;
    }

    /** Returns true for RFC 6750's b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
    private static boolean isB64Token(String s, int from, int to) {
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || c == '+'
                    || c == '/') {
                i++;
            } else {
                break;
            }
        }
        if (i == from) {
            return false;
        }
        while (i < to && s.charAt(i) == '=') {
            i++;
        }
        return i == to;
    }

    @Override
    public String toString() {
        return "BearerTransport[maxValueChars=" + maxValueChars + "]";
    }
}
