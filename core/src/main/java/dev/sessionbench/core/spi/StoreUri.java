package dev.sessionbench.core.spi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A store URI split into scheme, body and options: {@code scheme:body?name=value&name=value}. The body is
 * kept as written (a path, or {@code //host:port/db}); option values are percent-decoded. Messages and
 * {@link #toString} never show a password.
 */
public final class StoreUri {

    private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern PASSWORD = Pattern.compile("(//[^/@?]*?:)[^/@?]*@");

    private final String raw;
    private final String scheme;
    private final String body;
    private final Map<String, String> options;

    private StoreUri(String raw, String scheme, String body, Map<String, String> options) {
        this.raw = raw;
        this.scheme = scheme;
        this.body = body;
        this.options = options;
    }

    /** Returns the parsed URI; throws {@link IllegalArgumentException} when it has no scheme or a malformed option. */
    public static StoreUri parse(String uri) {
        Objects.requireNonNull(uri, "store URI must not be null");
        int colon = uri.indexOf(':');
        if (colon <= 0 || !SCHEME.matcher(uri.substring(0, colon)).matches()) {
            throw new IllegalArgumentException("store URI '" + redact(uri)
                    + "' has no scheme; expected for example memory:, mapdb:/path/file.db, redis://host:6379/0 or token:");
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = uri.substring(colon + 1);
        int question = rest.indexOf('?');
        String body = question < 0 ? rest : rest.substring(0, question);
        Map<String, String> options = new LinkedHashMap<>();
        if (question >= 0 && question + 1 < rest.length()) {
            for (String pair : rest.substring(question + 1).split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), uri);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), uri);
                if (options.putIfAbsent(name, value) != null) {
                    throw new IllegalArgumentException("option '" + name + "' is given twice in store URI '"
                            + redact(uri) + "'");
                }
            }
        }
        return new StoreUri(uri, scheme, body, Collections.unmodifiableMap(options));
    }

    /** Returns the scheme in lower case. */
    public String scheme() {
        return scheme;
    }

    /** Returns what stands between the scheme's colon and the options, as written. */
    public String body() {
        return body;
    }

    /** Returns the URI exactly as given, password included: for the store's own connection code only. */
    public String raw() {
        return raw;
    }

    /** Returns the URI without its options, as given. */
    public String withoutOptions() {
        return scheme + ":" + body;
    }

    /** Returns the options, in the order given. */
    public Map<String, String> options() {
        return options;
    }

    /** Throws {@link IllegalArgumentException} naming any option not in {@code known}, and the known ones. */
    public StoreUri requireOnly(Set<String> known) {
        for (String name : options.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "' in store URI '" + this
                        + "'; the " + scheme + ": store knows " + new TreeSet<>(known));
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
            throw invalid(name, value, (allowZero ? "a duration of zero or more" : "a positive duration")
                    + " such as 500ms, 30s, 5m, 2h, 1d or PT30S");
        }
        return parsed;
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
        return new IllegalArgumentException("option " + name + "=" + value + " in store URI '" + this
                + "' is not valid: expected " + expected);
    }

    private static String decode(String s, String uri) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("store URI '" + redact(uri) + "' has a malformed %-escape in '" + s
                    + "'", e);
        }
    }

    /** Returns the URI with any password replaced by {@code ***}, in the authority and in password options. */
    public static String redact(String uri) {
        String s = PASSWORD.matcher(uri).replaceAll("$1***@");
        return s.replaceAll("(?i)((?:password|secret|key)=)[^&]*", "$1***");
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
