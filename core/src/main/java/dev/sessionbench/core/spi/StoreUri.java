package dev.sessionbench.core.spi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A store URI split into scheme, body and options: {@code scheme:body?name=value&name=value}. The body is
 * kept as written (a path, or {@code //[user:password@]host:port/db}); the user information and the options are
 * percent-decoded as RFC 3986 says ({@code %2F} is {@code /}, a {@code +} stays a {@code +}). Messages and
 * {@link #toString} never show a password.
 *
 * <p>After {@code //}, the user information runs to the last {@code @} of the URI, so a password may contain
 * {@code / ? # @ :} even unencoded; an {@code @} in an option value must then be written {@code %40}. A {@code %}
 * in a password must always be written {@code %25}.
 */
public final class StoreUri {

    private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern SECRET_OPTION = Pattern.compile("(?i)((?:password|secret|key)=)[^&]*");
    private static final String HIDDEN = "***";

    private final String raw;
    private final String scheme;
    private final String body;
    private final Map<String, String> options;
    /** The user information as written (between {@code //} and the last {@code @}), or null when there is none. */
    private final String userInfo;

    private StoreUri(String raw, String scheme, String body, Map<String, String> options, String userInfo) {
        this.raw = raw;
        this.scheme = scheme;
        this.body = body;
        this.options = options;
        this.userInfo = userInfo;
    }

    /** Returns the parsed URI; throws {@link IllegalArgumentException} when it has no scheme or a malformed option. */
    public static StoreUri parse(String uri) {
        Objects.requireNonNull(uri, "store URI must not be null");
        int colon = uri.indexOf(':');
        if (colon <= 0 || !SCHEME.matcher(uri.substring(0, colon)).matches()) {
            throw new IllegalArgumentException(
                    "store URI '" + redact(uri)
                            + "' has no scheme; expected for example memory:, mapdb:/path/file.db, redis://host:6379/0 or token:");
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = uri.substring(colon + 1);
        String userInfo = null;
        int hostStart = 0;
        if (rest.startsWith("//")) {
            int at = rest.lastIndexOf('@');
            if (at >= 0) {
                userInfo = rest.substring(2, at);
                hostStart = at + 1;
            }
        }
        // The options start at the first ? after the user information, which may itself hold a ?.
        int question = rest.indexOf('?', hostStart);
        String body = question < 0 ? rest : rest.substring(0, question);
        Map<String, String> options = new LinkedHashMap<>();
        if (question >= 0 && question + 1 < rest.length()) {
            for (String pair : rest.substring(question + 1).split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), uri, "an option name");
                String value = eq < 0
                        ? ""
                        : decode(pair.substring(eq + 1), uri, "the value of option '" + pair.substring(0, eq) + "'");
                if (options.putIfAbsent(name, value) != null) {
                    throw new IllegalArgumentException(
                            "option '" + name + "' is given twice in store URI '" + redact(uri) + "'");
                }
            }
        }
        StoreUri parsed = new StoreUri(uri, scheme, body, Collections.unmodifiableMap(options), userInfo);
        parsed.user();
        parsed.password();
        return parsed;
    }

    /** Returns the scheme in lower case. */
    public String scheme() {
        return scheme;
    }

    /** Returns what stands between the scheme's colon and the options, as written. */
    public String body() {
        return body;
    }

    /**
     * Returns the user name of the user information ({@code user} in {@code //user:password@host}), percent-decoded;
     * empty when there is no user information or the user part is empty.
     */
    public Optional<String> user() {
        if (userInfo == null) {
            return Optional.empty();
        }
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        return user.isEmpty() ? Optional.empty() : Optional.of(decode(user, raw, "the user name"));
    }

    /**
     * Returns the password of the user information (after its first colon), percent-decoded; empty when there is
     * no user information or it has no colon. For the store's own connection code only.
     */
    public Optional<String> password() {
        if (userInfo == null) {
            return Optional.empty();
        }
        int colon = userInfo.indexOf(':');
        return colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1), raw, "the password"));
    }

    /** Returns true when the URI has user information ({@code //...@host}), with or without a password. */
    public boolean hasUserInfo() {
        return userInfo != null;
    }

    /**
     * Returns the body after {@code //} without the user information, as written: {@code host:port/db} for
     * {@code redis://user:pw@host:port/db}; the body unchanged when it does not start with {@code //}.
     */
    public String hostAndPath() {
        if (!body.startsWith("//")) {
            return body;
        }
        return userInfo == null ? body.substring(2) : body.substring(2 + userInfo.length() + 1);
    }

    /** Returns the options, in the order given. */
    public Map<String, String> options() {
        return options;
    }

    /** Throws {@link IllegalArgumentException} naming any option not in {@code known}, and the known ones. */
    public StoreUri requireOnly(Set<String> known) {
        for (String name : options.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "' in store URI '" + this + "'; the "
                        + scheme + ": store knows " + new TreeSet<>(known));
            }
        }
        return this;
    }

    /** Returns the option's value, or {@code defaultValue} when it is absent. */
    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    /** Returns the option as a whole number in {@code [min, max]}, or {@code defaultValue} when absent. */
    public long longOption(String name, long defaultValue, long min, long max) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw invalid(name, value, "a whole number");
        }
        if (parsed < min || parsed > max) {
            throw invalid(name, value, "a whole number from " + min + " to " + max);
        }
        return parsed;
    }

    /** Returns the option as true or false, or {@code defaultValue} when absent. */
    public boolean booleanOption(String name, boolean defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(name, value, "true or false");
        };
    }

    /**
     * Returns the option as a duration, written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}
     * or in ISO-8601 ({@code PT30S}); {@code defaultValue} when absent. Zero is allowed only when {@code allowZero}.
     */
    public Duration durationOption(String name, Duration defaultValue, boolean allowZero) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        Duration parsed = parseDuration(value);
        if (parsed == null || parsed.isNegative() || (!allowZero && parsed.isZero())) {
            throw invalid(
                    name,
                    value,
                    (allowZero ? "a duration of zero or more" : "a positive duration")
                            + " such as 500ms, 30s, 5m, 2h, 1d or PT30S");
        }
        return parsed;
    }

    /**
     * Returns the option as the interval of a background task: a duration as {@link #durationOption} reads it, a
     * bare {@code 0} or any zero duration meaning "off" ({@link Duration#ZERO}); {@code defaultValue} when absent.
     */
    public Duration intervalOption(String name, Duration defaultValue) {
        return "0".equals(options.get(name)) ? Duration.ZERO : durationOption(name, defaultValue, true);
    }

    /** Returns the option as one of the enum's constants, matched without regard to case, or the default. */
    public <E extends Enum<E>> E enumOption(String name, Class<E> type, E defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.replace('-', '_'))) {
                return constant;
            }
        }
        Set<String> allowed = new TreeSet<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw invalid(name, value, "one of " + allowed);
    }

    private static Duration parseDuration(String value) {
        Matcher m = SHORT_DURATION.matcher(value.trim());
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(value.trim());
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            return null;
        }
    }

    private IllegalArgumentException invalid(String name, String value, String expected) {
        return new IllegalArgumentException(
                "option " + name + "=" + value + " in store URI '" + this + "' is not valid: expected " + expected);
    }

    /**
     * Returns {@code s} percent-decoded as RFC 3986 says: each {@code %XX} is one byte, the bytes are UTF-8, and
     * every other character (a {@code +} too) stands for itself. The message of a malformed escape names only
     * {@code where}, never the text, which may be a password.
     */
    private static String decode(String s, String uri, String where) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) != '%') {
                int next = s.indexOf('%', i);
                int end = next < 0 ? s.length() : next;
                bytes.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
                continue;
            }
            int high = i + 2 < s.length() ? hexDigit(s.charAt(i + 1)) : -1;
            int low = high < 0 ? -1 : hexDigit(s.charAt(i + 2));
            if (low < 0) {
                throw new IllegalArgumentException("store URI '" + redact(uri) + "' has a malformed %-escape in "
                        + where + ": a % must be followed by two hexadecimal digits; write a % itself as %25");
            }
            bytes.write(high << 4 | low);
            i += 3;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(
                    "store URI '" + redact(uri) + "' has %-escapes in " + where + " that are not UTF-8");
        }
    }

    /** Returns the value of an ASCII hexadecimal digit, or -1 (Character.digit would also take other scripts' digits). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Returns the URI with its user information replaced by {@code ***} (everything between {@code //} and the last
     * {@code @}, or before the last {@code @} when there is no {@code //}, whatever it contains) and the values of
     * {@code password}, {@code secret} and {@code key} options hidden.
     */
    public static String redact(String uri) {
        if (uri == null) {
            return null;
        }
        String s = uri;
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            int start = s.indexOf("//");
            start = start < 0 || start > at ? 0 : start + 2;
            s = s.substring(0, start) + HIDDEN + s.substring(at);
        }
        return SECRET_OPTION.matcher(s).replaceAll("$1" + HIDDEN);
    }

    /** Returns the URI with passwords and secrets hidden. */
    @Override
    public String toString() {
        return redact(raw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreUri u && raw.equals(u.raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }
}
