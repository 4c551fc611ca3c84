package dev.sessionbench.core.http;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The session cookie: writes {@code Set-Cookie} headers and reads request {@code Cookie} headers. Defaults:
 * {@code __Host-sid}, {@code Secure}, {@code HttpOnly}, {@code SameSite=Lax}, {@code Path=/}, no {@code Domain},
 * no {@code Max-Age} (a session cookie that the browser drops when it closes). It does not sign or encrypt values:
 * the client value is already an unguessable ID or a signed token.
 */
public final class SessionCookie implements SessionTransport {

    /** Default cookie name: the {@code __Host-} prefix makes browsers refuse it unless Secure, Path=/, no Domain. */
    public static final String DEFAULT_NAME = "__Host-sid";

    public static final String DEFAULT_PATH = "/";
    public static final SameSite DEFAULT_SAME_SITE = SameSite.LAX;
    /** Browsers keep at least this many bytes of one cookie's name and value together (RFC 6265bis 5.7). */
    public static final int MAX_COOKIE_BYTES = 4096;
    /** Browsers cap a cookie's lifetime at 400 days (RFC 6265bis 5.6.2), so a longer Max-Age is refused. */
    public static final Duration MAX_AGE_LIMIT = Duration.ofDays(400);
    /**
     * Default budget of request {@code Cookie} header characters read, all headers together: 16 KiB. Every
     * candidate within it is tried, so it also bounds the store lookups per request (about 290 at 16 KiB).
     */
    public static final int DEFAULT_MAX_HEADER_CHARS = 16 * 1024;

    static final String HOST_PREFIX = "__Host-";
    static final String SECURE_PREFIX = "__Secure-";
    private static final Pattern DOMAIN =
            Pattern.compile("(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");
    /** RFC 6265bis 5.6: user agents ignore attribute values longer than 1024 bytes. */
    private static final int MAX_ATTRIBUTE_BYTES = 1024;

    private final String name;
    private final boolean secure;
    private final boolean httpOnly;
    private final SameSite sameSite;
    private final String path;
    private final String domain;
    private final Duration maxAge;
    private final int maxHeaderChars;
    /** An older name also read while a deployment renames its cookie, or null. */
    private final String legacyName;
    /** Everything after the value, the same for every Set-Cookie this codec writes. */
    private final String attributes;

    private SessionCookie(Builder b) {
        this.name = b.name;
        this.secure = b.secure;
        this.httpOnly = b.httpOnly;
        this.sameSite = b.sameSite;
        this.path = b.path;
        this.domain = b.domain;
        this.maxAge = b.maxAge;
        this.maxHeaderChars = b.maxHeaderChars;
        this.legacyName = b.legacyName;
        StringBuilder a = new StringBuilder("; Path=").append(path);
        if (domain != null) {
            a.append("; Domain=").append(domain);
        }
        if (secure) {
            a.append("; Secure");
        }
        if (httpOnly) {
            a.append("; HttpOnly");
        }
        a.append("; SameSite=").append(sameSite.attributeValue());
        this.attributes = a.toString();
    }

    /** Returns the codec with every default. */
    public static SessionCookie defaults() {
        return builder().build();
    }

    /** Returns a builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return name;
    }

    public boolean secure() {
        return secure;
    }

    /**
     * Returns the {@code Set-Cookie} header value that hands {@code clientValue} to the browser. Throws
     * {@link IllegalArgumentException} when the value is empty, holds a character a cookie value cannot carry
     * (which would also allow header injection), or makes the cookie longer than {@value #MAX_COOKIE_BYTES} bytes,
     * which browsers drop silently. The message never shows the value.
     */
    public String setCookie(String clientValue) {
        Objects.requireNonNull(clientValue, "client value must not be null");
        if (!CookieSyntax.isCookieOctets(clientValue, 0, clientValue.length())) {
            throw new IllegalArgumentException("a client value of " + clientValue.length() + " characters cannot be "
                    + "a cookie value: it must be non-empty visible ASCII without space, '\"', ',', ';' or '\\'");
        }
        int bytes = name.length() + clientValue.length();
        if (bytes > MAX_COOKIE_BYTES) {
            throw new IllegalArgumentException("cookie '" + name + "' would be " + bytes + " bytes of name and value, "
                    + "over the " + MAX_COOKIE_BYTES + " that browsers keep; carry a smaller session, or use the "
                    + "header transport (BearerTransport)");
        }
        StringBuilder s = new StringBuilder(bytes + attributes.length() + 24)
                .append(name)
                .append('=')
                .append(clientValue);
        if (maxAge != null) {
            s.append("; Max-Age=").append(maxAge.toSeconds());
        }
        return s.append(attributes).toString();
    }

    /**
     * Returns the {@code Set-Cookie} header value that deletes the cookie at logout: the same name, path, domain
     * and flags (a {@code __Host-} cookie can only be overwritten by one that qualifies too), an empty value and
     * {@code Max-Age=0}.
     */
    public String deleteCookie() {
        return name + "=; Max-Age=0" + attributes;
    }

    /** Returns {@code Cookie}, the request header this transport reads. */
    @Override
    public String requestHeader() {
        return "Cookie";
    }

    /** Returns {@code Set-Cookie}, the response header this transport writes. */
    public String responseHeader() {
        return "Set-Cookie";
    }

    /**
     * Returns every value of this cookie in the request's {@code Cookie} headers ({@code sid=A; sid=B}, or several
     * headers), in the order sent, without duplicates; then those under the legacy name, if one is set. Reads at
     * most the builder's character budget, and every pair within it; skips malformed pairs; keeps a quoted
     * value's quotes (so it never names an ID); never throws.
     */
    @Override
    public List<String> candidates(List<String> cookieHeaders) {
        List<String> values = CookieHeaderParser.values(cookieHeaders, name, maxHeaderChars, MAX_COOKIE_BYTES);
        if (legacyName == null) {
            return values;
        }
        Set<String> all = new LinkedHashSet<>(values);
        all.addAll(CookieHeaderParser.values(cookieHeaders, legacyName, maxHeaderChars, MAX_COOKIE_BYTES));
        return new ArrayList<>(all);
    }

    /**
     * Returns the session of the one candidate that the store resolves, trying every candidate. When several
     * resolve, a value under a {@code __Host-} name wins if it is the only such one resolving (a sibling
     * subdomain can plant a cookie of another name, never a {@code __Host-} one); otherwise none is used and the
     * ambiguity is logged at INFO, without the values.
     */
    @Override
    public Optional<Session> resolve(SessionStore store, List<String> cookieHeaders) {
        Objects.requireNonNull(store, "store must not be null");
        if (legacyName == null) {
            return Resolution.unique(store, candidates(cookieHeaders), "cookie " + name);
        }
        List<String> primary = CookieHeaderParser.values(cookieHeaders, name, maxHeaderChars, MAX_COOKIE_BYTES);
        List<String> legacy =
                new ArrayList<>(CookieHeaderParser.values(cookieHeaders, legacyName, maxHeaderChars, MAX_COOKIE_BYTES));
        legacy.removeAll(primary);
        List<Session> underName = found(store, primary);
        List<Session> underLegacy = found(store, legacy);
        int resolved = underName.size() + underLegacy.size();
        if (isHostPrefixed(name) != isHostPrefixed(legacyName)) {
            List<Session> host = isHostPrefixed(name) ? underName : underLegacy;
            List<Session> other = isHostPrefixed(name) ? underLegacy : underName;
            if (host.size() == 1) {
                return Optional.of(host.get(0));
            }
            if (host.isEmpty() && other.size() == 1) {
                return Optional.of(other.get(0));
            }
        } else if (resolved == 1) {
            return Optional.of(underName.isEmpty() ? underLegacy.get(0) : underName.get(0));
        }
        if (resolved > 1) {
            Resolution.logAmbiguous(resolved, "cookies " + name + " and " + legacyName);
        }
        return Optional.empty();
    }

    private static List<Session> found(SessionStore store, List<String> candidates) {
        List<Session> out = new ArrayList<>(1);
        for (String c : candidates) {
            store.find(c).ifPresent(out::add);
        }
        return out;
    }

    private static boolean isHostPrefixed(String cookieName) {
        return cookieName.startsWith(HOST_PREFIX);
    }

    @Override
    public String toString() {
        return "SessionCookie[" + name + (maxAge != null ? "; Max-Age=" + maxAge.toSeconds() : "") + attributes + "]";
    }

    /** Builds a {@link SessionCookie}; {@link #build} refuses settings a browser would reject or ignore. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private boolean secure = true;
        private boolean httpOnly = true;
        private SameSite sameSite = DEFAULT_SAME_SITE;
        private String path = DEFAULT_PATH;
        private String domain;
        private Duration maxAge;
        private SessionPolicy policy = SessionPolicy.defaults();
        private int maxHeaderChars = DEFAULT_MAX_HEADER_CHARS;
        private String legacyName;

        private Builder() {}

        /** The cookie name, an RFC 9110 token; default {@value #DEFAULT_NAME}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "cookie name must not be null");
            return this;
        }

        /** Whether the cookie is sent over https only; default true. */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /** Whether scripts are kept from reading the cookie; default true. */
        public Builder httpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
            return this;
        }

        /** Default {@link SameSite#LAX}. */
        public Builder sameSite(SameSite sameSite) {
            this.sameSite = Objects.requireNonNull(sameSite, "sameSite must not be null");
            return this;
        }

        /** Default {@value #DEFAULT_PATH}. */
        public Builder path(String path) {
            this.path = Objects.requireNonNull(path, "path must not be null");
            return this;
        }

        /** The Domain attribute, or null (the default) for a host-only cookie. */
        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /**
         * A persistent cookie that lives this long (whole seconds, at least 1 s, at most the policy's absolute
         * timeout and {@link #MAX_AGE_LIMIT}), or null (the default) for a session cookie.
         */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        /** The policy whose absolute timeout bounds {@link #maxAge}; default {@link SessionPolicy#defaults()}. */
        public Builder policy(SessionPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy must not be null");
            return this;
        }

        /** Characters of request Cookie headers read per request, 256 to 1 MiB; default 16 KiB. */
        public Builder maxHeaderChars(int chars) {
            this.maxHeaderChars = chars;
            return this;
        }

        /**
         * An older cookie name also read, so that sessions survive a rename (say from {@code sid} to
         * {@code __Host-sid}); a value under the {@code __Host-} name wins when both resolve. Default none.
         */
        public Builder legacyName(String legacyName) {
            this.legacyName = Objects.requireNonNull(legacyName, "legacy name must not be null");
            return this;
        }

        /** Returns the codec; throws {@link IllegalArgumentException} naming any impossible setting. */
        public SessionCookie build() {
            if (!CookieSyntax.isToken(name)) {
                throw new IllegalArgumentException("cookie name '" + printable(name) + "' is not an RFC 9110 token: "
                        + "use letters, digits and !#$%&'*+-.^_`|~ only, at least one character");
            }
            if (name.length() + SessionIds.LENGTH > MAX_COOKIE_BYTES) {
                throw new IllegalArgumentException("cookie name of " + name.length() + " characters leaves no room "
                        + "for a " + SessionIds.LENGTH + "-character ID within the " + MAX_COOKIE_BYTES
                        + " bytes browsers keep");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(HOST_PREFIX.toLowerCase(Locale.ROOT))) {
                if (!secure) {
                    throw new IllegalArgumentException("a cookie named '" + name + "' (prefix __Host-) must be Secure; "
                            + "browsers drop it otherwise. For plain http in development use another name, such as "
                            + "'sid', with secure(false)");
                }
                if (domain != null) {
                    throw new IllegalArgumentException("a cookie named '" + name + "' (prefix __Host-) must not have a "
                            + "Domain (was '" + printable(domain) + "'); browsers drop it otherwise");
                }
                if (!"/".equals(path)) {
                    throw new IllegalArgumentException("a cookie named '" + name + "' (prefix __Host-) must have "
                            + "Path=/ (was '" + printable(path) + "'); browsers drop it otherwise");
                }
            }
            if (lower.startsWith(SECURE_PREFIX.toLowerCase(Locale.ROOT)) && !secure) {
                throw new IllegalArgumentException("a cookie named '" + name + "' (prefix __Secure-) must be Secure; "
                        + "browsers drop it otherwise");
            }
            if (sameSite == SameSite.NONE && !secure) {
                throw new IllegalArgumentException("SameSite=None requires Secure; browsers drop such a cookie. Use "
                        + "SameSite=Lax or Strict, or secure(true)");
            }
            if (path.isEmpty()
                    || path.charAt(0) != '/'
                    || path.length() > MAX_ATTRIBUTE_BYTES
                    || !CookieSyntax.isAttributeValue(path)) {
                throw new IllegalArgumentException("cookie path '" + printable(path) + "' must start with '/', have at "
                        + "most " + MAX_ATTRIBUTE_BYTES + " characters and no ';' or control characters");
            }
            if (domain != null
                    && (domain.length() > 253 || !DOMAIN.matcher(domain).matches())) {
                throw new IllegalArgumentException("cookie domain '" + printable(domain) + "' is not a host name "
                        + "(letters, digits, '-' and '.', no leading dot); or pass null for a host-only cookie");
            }
            if (maxAge != null) {
                if (maxAge.isNegative() || maxAge.toSeconds() < 1) {
                    throw new IllegalArgumentException("Max-Age must be at least 1 second, was " + maxAge
                            + "; use null for a session cookie, or deleteCookie() to delete one");
                }
                if (maxAge.compareTo(MAX_AGE_LIMIT) > 0) {
                    throw new IllegalArgumentException("Max-Age " + maxAge + " is over " + MAX_AGE_LIMIT.toDays()
                            + " days, the longest lifetime browsers keep");
                }
                if (maxAge.compareTo(policy.absoluteTimeout()) > 0) {
                    throw new IllegalArgumentException("Max-Age " + maxAge + " outlives the session's absolute "
                            + "timeout " + policy.absoluteTimeout() + "; the cookie would name a dead session");
                }
            }
            if (maxHeaderChars < 256 || maxHeaderChars > 1 << 20) {
                throw new IllegalArgumentException(
                        "maxHeaderChars must be between 256 and " + (1 << 20) + ", was " + maxHeaderChars);
            }
            if (legacyName != null && (!CookieSyntax.isToken(legacyName) || legacyName.equals(name))) {
                throw new IllegalArgumentException("legacy name '" + printable(legacyName) + "' must be an RFC 9110 "
                        + "token other than the cookie name '" + name + "'");
            }
            return new SessionCookie(this);
        }

        /** Returns the text with control characters shown as '?', for an error message. */
        private static String printable(String s) {
            StringBuilder b = new StringBuilder(Math.min(s.length(), 80));
            for (int i = 0; i < s.length() && i < 80; i++) {
                char c = s.charAt(i);
                b.append(c < 0x20 || c == 0x7F ? '?' : c);
            }
            return s.length() > 80 ? b + "..." : b.toString();
        }
    }
}
