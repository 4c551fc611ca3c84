package dev.sessionbench.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the Cookie header parser, checked by jqwik on generated headers: hostile fragments (separators,
 * quotes, NUL, CR LF, non-ASCII, lone surrogates, IDs), random unicode, and huge headers. The parser must never
 * throw, must agree with a plain split-based reading of RFC 6265bis, and must find a planted ID wherever it is.
 * One test fuzzes for a bounded time ({@value #FUZZ_SECONDS_DEFAULT} s, or {@code -Dsessionbench.fuzzSeconds=N}).
 */
class CookieHeaderPropertiesTest {

    static final int FUZZ_SECONDS_DEFAULT = 5;
    private static final String NAME = SessionCookie.DEFAULT_NAME;
    private static final String B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String COOKIE_OCTETS;

    static {
        StringBuilder b = new StringBuilder();
        for (char c = 0x21; c <= 0x7E; c++) {
            if (c != '"' && c != ',' && c != ';' && c != '\\') {
                b.append(c);
            }
        }
        COOKIE_OCTETS = b.toString();
    }

    private final SessionCookie cookie = SessionCookie.defaults();

    // ---- generators -----------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> ids() {
        return Combinators.combine(
                        Arbitraries.strings().withChars(B64URL).ofLength(SessionIds.LENGTH - 1),
                        Arbitraries.of("AEIMQUYcgkosw048".toCharArray()))
                .as((body, last) -> body + last);
    }

    /** A pair that is, or nearly is, the session cookie, with a plausible or hostile value. */
    Arbitrary<String> sessionPairs() {
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(3, ids()),
                Tuple.of(3, Arbitraries.strings().withChars(COOKIE_OCTETS).ofMaxLength(50)),
                Tuple.of(1, ids().map(id -> "\"" + id + "\"")),
                Tuple.of(1, ids().map(id -> id + "\u0000")),
                Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(30)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(10)));
        return Combinators.combine(
                        Arbitraries.of("", " ", "\t", ";", "; ", ";;"),
                        Arbitraries.of(NAME, NAME, NAME, NAME + " ", "\t" + NAME, "__host-sid", "sid", NAME + "\u0000"),
                        Arbitraries.of("=", "=", " = ", "=\t", "=="),
                        value)
                .as((lead, name, eq, v) -> lead + name + eq + v);
    }

    Arbitrary<String> fragments() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, sessionPairs()),
                Tuple.of(
                        6,
                        Arbitraries.of(
                                NAME,
                                NAME,
                                "=",
                                "=",
                                ";",
                                "; ",
                                " ",
                                "\t",
                                "\"",
                                ",",
                                "\\",
                                "\u0000",
                                "\r\n",
                                "\n",
                                "\u00e9",
                                "\uD800",
                                "\uDC00",
                                "\uFF21",
                                "\u0410",
                                "%00",
                                "*",
                                "../",
                                "sid",
                                "__host-sid",
                                "__Host-sid ",
                                "==",
                                "\u007F",
                                "$Version=1",
                                "\uFEFF")),
                Tuple.of(3, ids()),
                Tuple.of(3, Arbitraries.strings().withChars(COOKIE_OCTETS).ofMaxLength(50)),
                Tuple.of(2, Arbitraries.strings().ascii().ofMaxLength(30)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(20)));
    }

    @Provide
    Arbitrary<List<String>> headers() {
        Arbitrary<String> header = fragments().list().ofMaxSize(40).map(parts -> String.join("", parts));
        Arbitrary<String> huge = Combinators.combine(
                        fragments().list().ofMinSize(1).ofMaxSize(8),
                        Arbitraries.integers().between(100, 1_500))
                .as((parts, times) -> String.join("", parts).repeat(times));
        return Arbitraries.frequencyOf(Tuple.of(30, header), Tuple.of(1, huge))
                .list()
                .ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<String>> otherPairs() {
        Arbitrary<String> name = Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyz_-.!#$%&'*+^`|~0123456789")
                .ofMinLength(1)
                .ofMaxLength(12)
                .filter(n -> !n.equals(NAME));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().withChars(COOKIE_OCTETS).ofMaxLength(40)),
                Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withChars(COOKIE_OCTETS)
                                .ofMaxLength(20)
                                .map(v -> "\"" + v + "\"")));
        return Combinators.combine(name, value).as((n, v) -> n + "=" + v).list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of("; ", ";", " ; ", ";\t", ";  ");
    }

    // ---- properties -----------------------------------------------------------------------------------------

    @Property(tries = 2_000)
    void parserNeverThrowsAndAgreesWithAPlainReading(@ForAll("headers") List<String> headers) {
        List<String> found = cookie.candidates(headers);
        checkInvariants(headers, found);
        Statistics.label("candidates").collect(Math.min(found.size(), 3));
    }

    @Property(tries = 1_000)
    void plantedIdIsFoundWhereverItIs(
            @ForAll("otherPairs") List<String> pairs,
            @ForAll("ids") String id,
            @ForAll @IntRange(min = 0, max = 30) int position,
            @ForAll("separators") String separator) {
        List<String> all = new ArrayList<>(pairs);
        all.add(Math.min(position, all.size()), NAME + "=" + id);
        assertThat(cookie.candidates(List.of(String.join(separator, all)))).containsExactly(id);
    }

    @Property(tries = 200)
    void liveSessionResolvesWhateverTheDecoysAndTheirOrder(
            @ForAll("ids") String decoyId,
            @ForAll("otherPairs") List<String> noise,
            @ForAll @IntRange(min = 0, max = 6) int position) {
        MapStore store = new MapStore();
        Session live = store.create().setAttribute("user", "alice");
        store.save(live);
        List<String> values = new ArrayList<>(List.of(decoyId, "junk", "\"" + live.id() + "\"", live.id() + "x"));
        values.add(Math.min(position, values.size()), live.id());
        List<String> pairs = new ArrayList<>(noise);
        for (String v : values) {
            pairs.add(NAME + "=" + v);
        }
        Collections.shuffle(pairs.subList(0, noise.size()));
        assertThat(cookie.resolve(store, List.of(String.join("; ", pairs))).map(Session::id))
                .contains(live.id());
    }

    @Property(tries = 200)
    void liveSessionResolvesBehindAnyNumberOfPlantedIds(
            @ForAll @IntRange(min = 0, max = 200) int planted, @ForAll @IntRange(min = 0, max = 200) int position) {
        MapStore store = new MapStore();
        Session live = store.create();
        store.save(live);
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < planted; i++) {
            pairs.add(NAME + "=" + SessionIds.generate());
        }
        pairs.add(Math.min(position, pairs.size()), NAME + "=" + live.id());
        assertThat(cookie.resolve(store, List.of(String.join("; ", pairs))).map(Session::id))
                .contains(live.id());
        assertThat(store.lookups.get()).isEqualTo(planted + 1);
    }

    @Property(tries = 200)
    void twoLiveSessionsResolveToNoneWhateverTheDecoysAndTheirOrder(
            @ForAll("otherPairs") List<String> noise,
            @ForAll @IntRange(min = 0, max = 40) int first,
            @ForAll @IntRange(min = 0, max = 40) int second) {
        MapStore store = new MapStore();
        Session one = store.create();
        store.save(one);
        Session two = store.create();
        store.save(two);
        List<String> pairs = new ArrayList<>(noise);
        pairs.add(Math.min(first, pairs.size()), NAME + "=" + one.id());
        pairs.add(Math.min(second, pairs.size()), NAME + "=" + two.id());
        assertThat(cookie.resolve(store, List.of(String.join("; ", pairs)))).isEmpty();
    }

    @Property(tries = 500)
    void quotedIdNeverNamesTheId(@ForAll("ids") String id) {
        assertThat(cookie.candidates(List.of(NAME + "=\"" + id + "\""))).doesNotContain(id);
    }

    @Property(tries = 500)
    void bearerParserNeverThrowsAndReturnsOnlyB64Tokens(
            @ForAll("headers") List<String> headers, @ForAll("ids") String id) {
        List<String> withBearer = new ArrayList<>();
        for (String h : headers) {
            withBearer.add(h.length() % 2 == 0 ? "Bearer " + h : h);
        }
        withBearer.add("bearer " + id);
        List<String> found = BearerTransport.defaults().candidates(withBearer);
        assertThat(found)
                .hasSizeLessThanOrEqualTo(BearerTransport.MAX_CANDIDATES)
                .doesNotHaveDuplicates();
        for (String value : found) {
            assertThat(value).matches("[A-Za-z0-9._~+/-]+=*");
        }
        if (withBearer.size() <= BearerTransport.MAX_CANDIDATES) {
            assertThat(found).contains(id);
        }
    }

    /**
     * Fuzzes the parser with generated headers until the time budget runs out, checking the same invariants as
     * above; prints how many headers it tried.
     */
    @Example
    void fuzzForABoundedTime() {
        long seconds = Long.getLong("sessionbench.fuzzSeconds", FUZZ_SECONDS_DEFAULT);
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long tries = 0;
        long withCandidates = 0;
        long chars = 0;
        Iterator<List<String>> samples = headers().sampleStream().iterator();
        while (System.nanoTime() < deadline) {
            List<String> headers = samples.next();
            List<String> found = cookie.candidates(headers);
            checkInvariants(headers, found);
            tries++;
            withCandidates += found.isEmpty() ? 0 : 1;
            for (String h : headers) {
                chars += h.length();
            }
        }
        System.out.printf(
                "cookie parser fuzz: %d header sets in %d s (%d yielded candidates, %d characters), " + "0 failures%n",
                tries, seconds, withCandidates, chars);
        assertThat(tries).isPositive();
    }

    // ---- the checks -----------------------------------------------------------------------------------------

    private static void checkInvariants(List<String> headers, List<String> found) {
        assertThat(found).doesNotHaveDuplicates();
        for (String value : found) {
            assertThat(value).isNotEmpty();
            assertThat(NAME.length() + value.length()).isLessThanOrEqualTo(SessionCookie.MAX_COOKIE_BYTES);
            String inner = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                    ? value.substring(1, value.length() - 1)
                    : value;
            assertThat(inner.chars().allMatch(c -> COOKIE_OCTETS.indexOf(c) >= 0))
                    .as("cookie-octets only")
                    .isTrue();
            assertThat(headers.stream().anyMatch(h -> h.contains(value)))
                    .as("taken from a header")
                    .isTrue();
        }
        int total = headers.stream().mapToInt(String::length).sum();
        if (total <= SessionCookie.DEFAULT_MAX_HEADER_CHARS) {
            assertThat(found).isEqualTo(plainReading(headers));
        }
    }

    /** RFC 6265bis read the obvious way (split, trim, compare), with no budget: the oracle for small headers. */
    private static List<String> plainReading(List<String> headers) {
        Set<String> out = new LinkedHashSet<>();
        for (String header : headers) {
            for (String pair : header.split(";", -1)) {
                int eq = pair.indexOf('=');
                if (eq < 0 || !trimOws(pair.substring(0, eq)).equals(NAME)) {
                    continue;
                }
                String value = trimOws(pair.substring(eq + 1));
                boolean quoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
                String inner = quoted ? value.substring(1, value.length() - 1) : value;
                if (!inner.isEmpty()
                        && inner.chars().allMatch(c -> COOKIE_OCTETS.indexOf(c) >= 0)
                        && NAME.length() + value.length() <= SessionCookie.MAX_COOKIE_BYTES) {
                    out.add(value);
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static String trimOws(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }
}
