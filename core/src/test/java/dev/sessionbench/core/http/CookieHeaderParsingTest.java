package dev.sessionbench.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionIds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CookieHeaderParsingTest {

    private final SessionCookie cookie = SessionCookie.defaults();
    private final MapStore store = new MapStore();
    private final String a = SessionIds.generate();
    private final String b = SessionIds.generate();

    private List<String> candidates(String... headers) {
        return cookie.candidates(Arrays.asList(headers));
    }

    @Test
    void findsTheSessionCookieAmongOthers() {
        assertThat(candidates("theme=dark; __Host-sid=" + a + "; lang=en")).containsExactly(a);
    }

    @Test
    void findsEveryValueOfADuplicatedName() {
        assertThat(candidates("__Host-sid=" + a + "; __Host-sid=" + b)).containsExactly(a, b);
    }

    @Test
    void findsValuesAcrossSeveralCookieHeaders() {
        assertThat(candidates("x=1; __Host-sid=" + a, "__Host-sid=" + b + "; y=2"))
                .containsExactly(a, b);
    }

    @Test
    void repeatedValueIsOneCandidate() {
        assertThat(candidates(("__Host-sid=" + a + "; ").repeat(50))).containsExactly(a);
    }

    @Test
    void whitespaceAroundNameAndValueIsTrimmed() {
        assertThat(candidates("  __Host-sid \t=  " + a + " \t;x=1")).containsExactly(a);
        assertThat(candidates("x=1;__Host-sid=" + a)).as("no space after ';'").containsExactly(a);
    }

    @Test
    void namesAreCaseSensitive() {
        assertThat(candidates("__host-sid=" + a + "; __HOST-SID=" + b)).isEmpty();
    }

    @Test
    void quotedValueKeepsItsQuotesAndSoNeverNamesAnId() {
        assertThat(candidates("__Host-sid=\"" + a + "\"")).containsExactly("\"" + a + "\"");
        assertThat(candidates("__Host-sid=\"" + a)).as("unbalanced quote").isEmpty();
        assertThat(candidates("__Host-sid=\"a\\\"b\""))
                .as("escaped quote inside")
                .isEmpty();
    }

    @Test
    void malformedPairsAreSkippedAndTheRestStillRead() {
        assertThat(candidates("garbage; ==; =x; __Host-sid; __Host-sid=; __Host-sid=a b; __Host-sid=a,b; "
                        + "__Host-sid=\u00e9t\u00e9; __Host-sid=a\u0000b; __Host-sid\u0000=x; __Host-sid=" + a))
                .containsExactly(a);
    }

    @Test
    void valueWithAnEqualsSignIsKeptWhole() {
        assertThat(candidates("__Host-sid=abc==")).containsExactly("abc==");
    }

    @Test
    void nullAndEmptyInputGiveNothing() {
        assertThat(cookie.candidates(null)).isEmpty();
        assertThat(cookie.candidates(List.of())).isEmpty();
        assertThat(cookie.candidates(Collections.singletonList(null))).isEmpty();
        assertThat(candidates("", ";", ";;;;", " ")).isEmpty();
    }

    @Test
    void everyCandidateWithinTheHeaderBudgetIsRead() {
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            h.append("__Host-sid=v").append(i).append("; ");
        }
        h.append("__Host-sid=").append(a);
        List<String> found = candidates(h.toString());
        assertThat(found).hasSize(101).startsWith("v0").endsWith(a);
    }

    @Test
    void eightPlantedCookiesDoNotHideTheRealOne() {
        Session live = store.saved();
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            h.append("__Host-sid=").append(SessionIds.generate()).append("; ");
        }
        h.append("__Host-sid=").append(live.id());
        assertThat(cookie.resolve(store, List.of(h.toString())).map(Session::id))
                .contains(live.id());
        assertThat(store.lookups.get())
                .as("every well-formed candidate is looked up once")
                .isEqualTo(9);
    }

    @Test
    void candidatesAreBoundedOnlyByTheHeaderBudget() {
        String pair = "__Host-sid=" + "x".repeat(SessionIds.LENGTH) + "; ";
        StringBuilder h = new StringBuilder();
        for (int i = 0; h.length() < 2 * SessionCookie.DEFAULT_MAX_HEADER_CHARS; i++) {
            h.append("__Host-sid=").append(String.format("%043d", i)).append("; ");
        }
        List<String> found = candidates(h.toString());
        assertThat(found).hasSize(SessionCookie.DEFAULT_MAX_HEADER_CHARS / pair.length());
    }

    @Test
    void readingStopsAtTheCharacterBudgetAndDropsTheCutPair() {
        String filler = "f=" + "x".repeat(SessionCookie.DEFAULT_MAX_HEADER_CHARS - 20) + "; ";
        assertThat(candidates(filler + "__Host-sid=" + a))
                .as("the pair cut by the budget")
                .isEmpty();
        assertThat(candidates(filler, "__Host-sid=" + a))
                .as("a second header past the budget")
                .isEmpty();
        assertThat(candidates("__Host-sid=" + a + "; " + filler + filler)).containsExactly(a);
    }

    @Test
    void valueLongerThanACookieCanBeIsSkipped() {
        assertThat(candidates("__Host-sid=" + "a".repeat(4096))).isEmpty();
    }

    @Test
    @Timeout(5)
    void hugeHeadersCostBoundedWork() {
        String huge = "a=b; ".repeat(2_000_000); // 10 million characters
        List<String> many = new ArrayList<>(Collections.nCopies(10_000, huge));
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertThat(cookie.candidates(many)).isEmpty();
        }
        assertThat((System.nanoTime() - start) / 100)
                .as("nanoseconds per parse")
                .isLessThan(5_000_000L);
    }

    @Test
    @Timeout(5)
    void pairsWithoutEqualsSignsCostLinearWork() {
        // Each pair without '=' must not make the parser scan the rest of the header.
        List<String> noEquals = List.of("a;".repeat(8_000));
        List<String> withEquals = List.of("a=b;".repeat(4_000));
        long best = Long.MAX_VALUE;
        long reference = Long.MAX_VALUE;
        for (int i = 0; i < 200; i++) {
            long t0 = System.nanoTime();
            assertThat(cookie.candidates(noEquals)).isEmpty();
            long t1 = System.nanoTime();
            assertThat(cookie.candidates(withEquals)).isEmpty();
            long t2 = System.nanoTime();
            best = Math.min(best, t1 - t0);
            reference = Math.min(reference, t2 - t1);
        }
        assertThat(best)
                .as(
                        "best time of a 16,000-character header of pairs without '=', ns, against %d ns for "
                                + "one with '='",
                        reference)
                .isLessThan(Math.max(10 * reference, 200_000L));
        System.out.printf(
                "16,000-character Cookie header: %d ns without '=', %d ns with (best of 200)%n", best, reference);
    }

    @Test
    void theOneCandidateThatResolvesWinsWhateverTheOrder() {
        Session live = store.saved("alice");
        String unknown = SessionIds.generate();
        for (String header : List.of(
                "__Host-sid=" + live.id(),
                "__Host-sid=" + unknown + "; __Host-sid=" + live.id(),
                "__Host-sid=junk; __Host-sid=" + unknown + "; __Host-sid=" + live.id() + "; __Host-sid=more")) {
            assertThat(cookie.resolve(store, List.of(header)).map(Session::id))
                    .as(header)
                    .contains(live.id());
        }
        assertThat(cookie.resolve(store, List.of("__Host-sid=" + unknown, "__Host-sid=" + live.id()))
                        .map(Session::id))
                .contains(live.id());
    }

    @Test
    void twoCandidatesThatBothResolveAreAmbiguousAndResolveNone() {
        Session victim = store.saved("alice");
        Session planted = store.saved("mallory");
        String v = "__Host-sid=" + victim.id();
        String p = "__Host-sid=" + planted.id();
        assertThat(cookie.resolve(store, List.of(p + "; " + v)))
                .as("planted first")
                .isEmpty();
        assertThat(cookie.resolve(store, List.of(v + "; " + p)))
                .as("real first")
                .isEmpty();
        assertThat(cookie.resolve(store, List.of(p, v))).as("in two headers").isEmpty();
    }

    @Test
    void ambiguityIsLoggedWithoutTheValues() {
        Session one = store.saved();
        Session two = store.saved();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(SessionTransport.class.getName());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(new java.util.logging.SimpleFormatter().formatMessage(r));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(capture);
        try {
            assertThat(cookie.resolve(store, List.of("__Host-sid=" + one.id() + "; __Host-sid=" + two.id())))
                    .isEmpty();
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(lines)
                .singleElement()
                .asString()
                .contains("2 values")
                .contains("__Host-sid")
                .doesNotContain(one.id())
                .doesNotContain(two.id());
    }

    @Test
    void hostPrefixedValueWinsOverOneUnderTheLegacyName() {
        Session real = store.saved("alice");
        Session tossed = store.saved("mallory");
        SessionCookie migrating = SessionCookie.builder().legacyName("sid").build();
        for (String header : List.of(
                "sid=" + tossed.id() + "; __Host-sid=" + real.id(),
                "__Host-sid=" + real.id() + "; sid=" + tossed.id())) {
            assertThat(migrating.resolve(store, List.of(header)).map(Session::id))
                    .as(header)
                    .contains(real.id());
        }
        assertThat(migrating.resolve(store, List.of("sid=" + tossed.id())).map(Session::id))
                .as("the legacy name alone still resolves")
                .contains(tossed.id());
        assertThat(migrating.resolve(store, List.of("sid=" + tossed.id() + "; sid=" + real.id())))
                .as("two legacy values")
                .isEmpty();
        assertThat(migrating.resolve(
                        store,
                        List.of("__Host-sid=" + tossed.id() + "; __Host-sid=" + real.id() + "; sid="
                                + SessionIds.generate())))
                .as("two __Host- values")
                .isEmpty();
        assertThat(cookie.resolve(store, List.of("sid=" + tossed.id())))
                .as("without legacyName")
                .isEmpty();
    }

    @Test
    void resolveTriesEachWellFormedCandidateOnce() {
        String unknown = SessionIds.generate();
        assertThat(cookie.resolve(store, List.of(("__Host-sid=" + unknown + "; __Host-sid=junk; ").repeat(20))))
                .isEmpty();
        assertThat(store.lookups.get()).isEqualTo(1);
    }
}
