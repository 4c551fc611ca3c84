package dev.sessionbench.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionEvent;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.core.StaleSessionException;
import dev.sessionbench.core.http.BearerTransport;
import dev.sessionbench.core.http.CsrfTokens;
import dev.sessionbench.core.http.SessionCookie;
import dev.sessionbench.fixtures.HostileInputs;
import dev.sessionbench.fixtures.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules every {@link SessionStore} keeps (see docs/contract.md). A store's test extends this class,
 * opens its store in {@link #openStore}, counts its backend calls in {@link #backendCalls}, and may declare a
 * rule it cannot keep, with its reason, in {@link #declaredExceptions}; only that rule's tests are then skipped.
 *
 * <p>Time comes from a {@link MutableClock} that the tests move; nothing here sleeps.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class SessionStoreContract {

    protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    protected static final Duration IDLE = Duration.ofMinutes(30);
    protected static final Duration ABSOLUTE = Duration.ofHours(12);
    private static final Duration MS = Duration.ofMillis(1);

    protected MutableClock clock;
    protected SessionPolicy policy;
    protected SessionStore store;

    /** Returns a new, empty store (of its own, sharing nothing with other tests) that runs under {@code policy}. */
    protected abstract SessionStore openStore(SessionPolicy policy);

    /** Returns how many calls the store made to its backend so far; the suite compares two readings. */
    protected abstract long backendCalls();

    /**
     * Returns a URI that {@link SessionStores#open} accepts for a fresh store of this kind, to check that the store
     * is found through its provider.
     */
    protected abstract String storeUri();

    /** Returns the rules this store cannot keep, each with the reason; empty by default. */
    protected Map<ContractRule, String> declaredExceptions() {
        return Map.of();
    }

    /**
     * A back door into the backend: returns whether it still holds any record of the session with this ID, or
     * empty when the store's test cannot tell. Used to check that invalidate and purge really delete.
     */
    protected Optional<Boolean> backendHolds(String id) {
        return Optional.empty();
    }

    @BeforeEach
    final void openStoreUnderTest() {
        clock = new MutableClock(START);
        policy = SessionPolicy.defaults()
                .withIdleTimeout(IDLE)
                .withAbsoluteTimeout(ABSOLUTE)
                .withClock(clock);
        store = openStore(policy);
    }

    @AfterEach
    final void closeStoreUnderTest() {
        if (store != null) {
            store.close();
        }
    }

    private void assumeKept(ContractRule rule) {
        String reason = declaredExceptions().get(rule);
        assumeFalse(reason != null, () -> "declared exception " + rule + ": " + reason);
    }

    private void assumeBackendGone(String id) {
        backendHolds(id)
                .ifPresent(held -> assertThat(held)
                        .as("backend still holds a record of the session")
                        .isFalse());
    }

    /** Saves a new session with the given attributes and returns the client value. */
    protected final String saved(String... nameValuePairs) {
        Session s = store.create();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            s.setAttribute(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return store.save(s);
    }

    private Session found(String value) {
        Optional<Session> s = store.find(value);
        assertThat(s).as("session should be found").isPresent();
        return s.get();
    }

    // ---- IDs -------------------------------------------------------------------------------------------------

    @Test
    void createReturnsWellFormedUniqueIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String id = store.create().id();
            assertThat(id).matches("[A-Za-z0-9_-]{" + SessionIds.LENGTH + "}");
            assertThat(SessionIds.isWellFormed(id)).isTrue();
            ids.add(id);
        }
        assertThat(ids).hasSize(2_000);
    }

    @Test
    void createdSessionStartsNowWithNoAttributes() {
        Session s = store.create();
        assertThat(s.createdAt()).isEqualTo(START);
        assertThat(s.lastAccessedAt()).isEqualTo(START);
        assertThat(s.expiresAt()).isEqualTo(START.plus(IDLE));
        assertThat(s.attributes()).isEmpty();
    }

    // ---- round trip ------------------------------------------------------------------------------------------

    @Test
    void saveThenFindReturnsEveryAttributeExactly() {
        Map<String, String> attributes = Map.of(
                "user", "alice",
                "empty", "",
                "unicode", "\u00FCn\u00EFc\u00F8d\u00E9 \u65E5\u672C\u8A9E \uD83C\uDF89",
                "newlines", "line one\nline two\r\nline three\r",
                "quotes", "\"double\" 'single' `back` \\ backslash",
                "json", "{\"cart\":[1,2,3],\"n\":null}",
                "control", "tab\there\u0001\u001F",
                "name with spaces and :;= signs", "v",
                "\u540D\u524D", "unicode name",
                "long", "x".repeat(10_000));
        Session s = store.create();
        attributes.forEach(s::setAttribute);
        String value = store.save(s);

        Session f = found(value);
        assertThat(f.id()).isEqualTo(s.id());
        assertThat(f.attributes()).containsExactlyInAnyOrderEntriesOf(attributes);
        assertThat(f.attribute("user")).contains("alice");
        assertThat(f.attribute("missing")).isEmpty();
        assertThat(f.createdAt()).isEqualTo(START);
    }

    @Test
    void unsavedSessionIsNotFound() {
        Session s = store.create().setAttribute("a", "b");
        assertThat(store.find(s.id())).isEmpty();
    }

    @Test
    void removedAttributeStaysRemovedAfterSave() {
        String value = saved("keep", "1", "drop", "2");
        Session s = found(value).removeAttribute("drop");
        value = store.save(s);
        assertThat(found(value).attributes()).containsExactly(Map.entry("keep", "1"));
    }

    @Test
    void changedAttributeKeepsItsNewValue() {
        String value = saved("cart", "1");
        value = store.save(found(value).setAttribute("cart", "1,2"));
        value = store.save(found(value).setAttribute("cart", "1,2,3"));
        assertThat(found(value).attribute("cart")).contains("1,2,3");
    }

    @Test
    void saveWithoutChangesKeepsTheSession() {
        String value = saved("a", "1");
        value = store.save(found(value));
        value = store.save(found(value));
        assertThat(found(value).attributes()).containsExactly(Map.entry("a", "1"));
    }

    // ---- untrusted input -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.sessionbench.fixtures.HostileInputs#clientValues")
    void malformedClientValueResolvesToEmptyWithoutTouchingTheBackend(HostileInputs.Input input) {
        saved("a", "b"); // a store with something in it
        long before = backendCalls();
        assertThat(store.find(input.value())).isEmpty();
        assertThat(backendCalls()).as("backend calls for a malformed value").isEqualTo(before);
    }

    @Test
    void unknownWellFormedValueResolvesToEmpty() {
        saved("a", "b");
        assertThat(store.find(SessionIds.generate())).isEmpty();
    }

    @Test
    void nullArgumentsAreRefusedWithAMessage() {
        assertThatThrownBy(() -> store.save(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("session");
        assertThatThrownBy(() -> store.changeId(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("session");
        assertThatThrownBy(() -> store.invalidate(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("session");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.sessionbench.fixtures.HostileInputs#cookieHeaders")
    void hostileCookieHeaderResolvesToEmptyWithoutTouchingTheBackend(HostileInputs.HeaderInput input) {
        saved("a", "b");
        long before = backendCalls();
        assertThat(SessionCookie.defaults().resolve(store, input.headers())).isEmpty();
        assertThat(backendCalls())
                .as("backend calls for a hostile Cookie header")
                .isEqualTo(before);
    }

    /**
     * A forged token has the shape of a signed token, so a token store must check its signature to refuse it; it
     * may cost what any junk of that shape costs (measured first, 0 for a server store) and never more: no
     * backend call such as a denylist lookup.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.sessionbench.fixtures.HostileInputs#forgedTokens")
    void forgedTokenResolvesToEmptyWithoutReachingTheBackend(HostileInputs.Input input) {
        saved("a", "b");
        String junk =
                SessionIds.generate().substring(0, 20) + "." + SessionIds.generate() + "." + SessionIds.generate();
        long start = backendCalls();
        assertThat(store.find(junk)).isEmpty();
        long shapeCost = backendCalls() - start;
        long before = backendCalls();
        assertThat(store.find(input.value())).isEmpty();
        assertThat(SessionCookie.defaults().resolve(store, List.of(SessionCookie.DEFAULT_NAME + "=" + input.value())))
                .as("in a cookie")
                .isEmpty();
        assertThat(BearerTransport.defaults().resolve(store, List.of("Bearer " + input.value())))
                .as("in a bearer header")
                .isEmpty();
        assertThat(backendCalls() - before)
                .as(
                        "backend calls for a forged token found three ways, where junk of " + "the same shape costs %d",
                        shapeCost)
                .isLessThanOrEqualTo(3 * shapeCost);
    }

    @Test
    void clientValueTravelsInTheSessionCookieAndTheBearerHeader() {
        String value = saved("user", "alice");
        SessionCookie cookie = SessionCookie.defaults();
        String setCookie = cookie.setCookie(value);
        String pair = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(cookie.resolve(store, List.of("theme=dark; " + pair)).flatMap(s -> s.attribute("user")))
                .contains("alice");
        BearerTransport bearer = BearerTransport.defaults();
        assertThat(bearer.resolve(store, List.of(bearer.headerValue(value))).flatMap(s -> s.attribute("user")))
                .contains("alice");
    }

    @Test
    void sessionCookieResolvesWhateverTheOrderOfADecoy() {
        String value = saved("user", "alice");
        String decoy = SessionCookie.DEFAULT_NAME + "=" + SessionIds.generate();
        String real = SessionCookie.DEFAULT_NAME + "=" + value;
        SessionCookie cookie = SessionCookie.defaults();
        assertThat(cookie.resolve(store, List.of(decoy + "; " + real))).isPresent();
        assertThat(cookie.resolve(store, List.of(real + "; " + decoy))).isPresent();
        assertThat(cookie.resolve(store, List.of(decoy, real))).isPresent();
    }

    @Test
    void csrfTokenIsKeptAndReplacedTogetherWithTheId() {
        Session s = store.create();
        String before = CsrfTokens.tokenFor(s);
        String value = store.save(s);
        assertThat(CsrfTokens.matches(found(value), before)).isTrue();
        Session rotated = CsrfTokens.changeIdAndToken(store, found(value));
        String newValue = store.save(rotated);
        Session after = found(newValue);
        assertThat(CsrfTokens.matches(after, before))
                .as("the token from before the rotation")
                .isFalse();
        assertThat(CsrfTokens.matches(
                        after, after.attribute(CsrfTokens.ATTRIBUTE).orElseThrow()))
                .isTrue();
    }

    // ---- expiry ----------------------------------------------------------------------------------------------

    @Test
    void findBeforeIdleDeadlineReturnsSession() {
        String value = saved("a", "b");
        clock.advance(IDLE.minus(MS));
        assertThat(store.find(value)).isPresent();
    }

    @Test
    void findWhenIdleTimeoutPassedThenEmpty() {
        String value = saved("a", "b");
        clock.advance(IDLE);
        assertThat(store.find(value)).as("at the deadline").isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(store.find(value)).as("after the deadline").isEmpty();
    }

    @Test
    void findSlidesTheIdleDeadline() {
        assumeKept(ContractRule.FIND_SLIDES_IDLE_DEADLINE);
        String value = saved("a", "b");
        for (int i = 0; i < 5; i++) {
            Instant now = clock.advance(IDLE.minusMinutes(1));
            Session s = found(value);
            assertThat(s.lastAccessedAt()).isEqualTo(now);
            assertThat(s.expiresAt()).isEqualTo(now.plus(IDLE));
        }
        clock.advance(IDLE);
        assertThat(store.find(value)).isEmpty();
    }

    @Test
    void saveSlidesTheIdleDeadline() {
        String value = saved("a", "b");
        for (int i = 0; i < 5; i++) {
            clock.advance(IDLE.minusMinutes(1));
            value = store.save(found(value).setAttribute("step", Integer.toString(i)));
        }
        assertThat(found(value).attribute("step")).contains("4");
    }

    @Test
    void absoluteDeadlineIsNeverExtended() {
        String value = saved("a", "b");
        Duration step = Duration.ofMinutes(20);
        for (Duration elapsed = step; elapsed.compareTo(ABSOLUTE) < 0; elapsed = elapsed.plus(step)) {
            clock.advance(step);
            Session s = found(value);
            assertThat(s.expiresAt()).isBeforeOrEqualTo(START.plus(ABSOLUTE));
            value = store.save(s.setAttribute("seen", elapsed.toString()));
        }
        clock.set(START.plus(ABSOLUTE).minus(MS));
        assertThat(store.find(value)).isPresent();
        clock.set(START.plus(ABSOLUTE));
        assertThat(store.find(value)).isEmpty();
    }

    @Test
    void expiresAtIsTheEarlierOfIdleAndAbsoluteDeadlines() {
        String value = saved("a", "b");
        assertThat(found(value).expiresAt()).isEqualTo(START.plus(IDLE));
        Instant until = START.plus(ABSOLUTE).minus(Duration.ofMinutes(10));
        Duration step = Duration.ofMinutes(20);
        while (clock.instant().plus(step).isBefore(until)) {
            clock.advance(step);
            value = store.save(found(value).setAttribute("t", clock.instant().toString()));
        }
        clock.set(until);
        // 10 minutes before the absolute deadline the idle deadline would be later: the absolute one wins.
        assertThat(found(value).expiresAt()).isEqualTo(START.plus(ABSOLUTE));
    }

    @Test
    void lateSaveAfterExpiryDoesNotReviveTheSession() {
        String value = saved("a", "b");
        Session copy = found(value);
        clock.advance(IDLE.plusMinutes(1));
        String after = store.save(copy.setAttribute("late", "write"));
        assertThat(store.find(value)).isEmpty();
        assertThat(store.find(after)).isEmpty();
    }

    @Test
    void purgeRemovesTheExpiredAndKeepsTheLive() {
        List<String> expired = new ArrayList<>();
        List<String> expiredIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Session s = store.create().setAttribute("n", "old" + i);
            expired.add(store.save(s));
            expiredIds.add(s.id());
        }
        clock.advance(Duration.ofMinutes(20));
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            live.add(saved("n", "new" + i));
        }
        clock.advance(Duration.ofMinutes(15));

        long removed = store.purgeExpired();
        if (!declaredExceptions().containsKey(ContractRule.PURGE_REPORTS_REMOVED)) {
            assertThat(removed).isEqualTo(5);
            assertThat(store.purgeExpired()).as("a second purge").isZero();
        } else {
            assertThat(removed).isBetween(0L, 5L);
        }
        for (String value : live) {
            assertThat(store.find(value)).isPresent();
        }
        for (String value : expired) {
            assertThat(store.find(value)).isEmpty();
        }
        if (!declaredExceptions().containsKey(ContractRule.PURGE_REPORTS_REMOVED)) {
            expiredIds.forEach(this::assumeBackendGone);
        }
    }

    // ---- logout and rotation ---------------------------------------------------------------------------------

    @Test
    void invalidateEndsTheSession() {
        assumeKept(ContractRule.INVALIDATE_RETIRES_ISSUED_VALUES);
        String value = saved("user", "alice");
        Session s = found(value);
        store.invalidate(s);
        assertThat(store.find(value)).isEmpty();
        store.invalidate(s); // a second logout is harmless
        assumeBackendGone(s.id());
    }

    @Test
    void invalidateOfAnUnsavedSessionIsHarmless() {
        Session s = store.create();
        store.invalidate(s);
        assertThat(store.find(s.id())).isEmpty();
    }

    @Test
    void lateSaveOfStaleCopyAfterInvalidateDoesNotRevive() {
        assumeKept(ContractRule.INVALIDATE_RETIRES_ISSUED_VALUES);
        String value = saved("user", "alice");
        Session slowRequest = found(value);
        store.invalidate(found(value));
        String after = store.save(slowRequest.setAttribute("cart", "1"));
        assertThat(store.find(value)).isEmpty();
        assertThat(store.find(after)).isEmpty();
        assumeBackendGone(slowRequest.id());
    }

    @Test
    void changeIdKeepsAttributesAndCreationTime() {
        clock.advance(Duration.ofMinutes(1));
        String value = saved("user", "alice", "cart", "1,2");
        Session before = found(value);
        Session rotated = store.changeId(before);
        assertThat(rotated.id()).isNotEqualTo(before.id());
        assertThat(SessionIds.isWellFormed(rotated.id())).isTrue();
        assertThat(rotated.createdAt()).isEqualTo(before.createdAt());
        String newValue = store.save(rotated);
        Session after = found(newValue);
        assertThat(after.id()).isEqualTo(rotated.id());
        assertThat(after.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("user", "alice", "cart", "1,2"));
        assertThat(after.createdAt()).isEqualTo(START.plus(Duration.ofMinutes(1)));
    }

    @Test
    void changeIdKeepsUnsavedChanges() {
        String value = saved("user", "anonymous");
        Session s = found(value).setAttribute("user", "alice").setAttribute("role", "admin");
        String newValue = store.save(store.changeId(s));
        assertThat(found(newValue).attributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("user", "alice", "role", "admin"));
    }

    @Test
    void changeIdRetiresTheOldValue() {
        assumeKept(ContractRule.CHANGE_ID_RETIRES_OLD_VALUE);
        String value = saved("user", "alice");
        String newValue = store.save(store.changeId(found(value)));
        assertThat(store.find(value)).isEmpty();
        assertThat(store.find(newValue)).isPresent();
    }

    @Test
    void lateSaveOfStaleCopyAfterChangeIdDoesNotReviveTheOldValue() {
        assumeKept(ContractRule.CHANGE_ID_RETIRES_OLD_VALUE);
        String value = saved("user", "anonymous");
        Session slowRequest = found(value);
        String newValue = store.save(store.changeId(found(value)).setAttribute("user", "alice"));
        store.save(slowRequest.setAttribute("cart", "stale"));
        assertThat(store.find(value)).isEmpty();
        assertThat(found(newValue).attribute("user")).contains("alice");
    }

    @Test
    void changeIdOfAnUnsavedSessionGivesANewId() {
        Session s = store.create().setAttribute("a", "b");
        Session rotated = store.changeId(s);
        assertThat(rotated.id()).isNotEqualTo(s.id());
        assertThat(found(store.save(rotated)).attribute("a")).contains("b");
    }

    // ---- concurrent requests ---------------------------------------------------------------------------------

    @Test
    void concurrentSavesOfDifferentAttributesBothSurvive() {
        assumeKept(ContractRule.CONCURRENT_SAVES_MERGE);
        String value = saved("base", "0");
        Session first = found(value);
        Session second = found(value);
        first.setAttribute("x", "1");
        second.setAttribute("y", "2");
        store.save(second);
        value = store.save(first);
        assertThat(found(value).attributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("base", "0", "x", "1", "y", "2"));
    }

    @Test
    void concurrentSaveAndRemovalBothSurvive() {
        assumeKept(ContractRule.CONCURRENT_SAVES_MERGE);
        String value = saved("base", "0", "flash", "saved!");
        Session first = found(value);
        Session second = found(value);
        first.removeAttribute("flash");
        second.setAttribute("cart", "1");
        store.save(first);
        value = store.save(second);
        assertThat(found(value).attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("base", "0", "cart", "1"));
    }

    @Test
    void fourThreadsCreatingFindingAndInvalidatingLoseNothing() throws Exception {
        int threads = 4;
        int perThread = 150;
        Map<String, String> kept = new ConcurrentHashMap<>();
        Set<String> ended = ConcurrentHashMap.newKeySet();
        boolean invalidates = !declaredExceptions().containsKey(ContractRule.INVALIDATE_RETIRES_ISSUED_VALUES);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String tag = thread + ":" + i;
                        Session s = store.create().setAttribute("tag", tag);
                        String value = store.save(s);
                        Session f = store.find(value).orElseThrow(() -> new AssertionError("lost " + tag));
                        assertThat(f.attribute("tag")).contains(tag);
                        value = store.save(f.setAttribute("step", "2"));
                        if (invalidates && i % 4 == 0) {
                            store.invalidate(store.find(value).orElseThrow());
                            ended.add(value);
                        } else {
                            kept.put(value, tag);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(90, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(kept.size() + ended.size()).isEqualTo(threads * perThread);
        kept.forEach((value, tag) -> {
            Session s = found(value);
            assertThat(s.attribute("tag")).contains(tag);
            assertThat(s.attribute("step")).contains("2");
        });
        for (String value : ended) {
            assertThat(store.find(value)).isEmpty();
        }
    }

    // ---- limits ----------------------------------------------------------------------------------------------

    @Test
    void oversizedAttributeIsRefusedNamingTheLimit() {
        Session s = store.create().setAttribute("small", "ok");
        assertThatThrownBy(() -> s.setAttribute("big", "x".repeat(policy.maxSessionBytes() + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSessionBytes");
        assertThatThrownBy(() -> s.setAttribute("n".repeat(policy.maxNameLength() + 1), "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxNameLength");
        assertThat(s.attributes()).containsExactly(Map.entry("small", "ok"));
        assertThat(found(store.save(s)).attributes()).containsExactly(Map.entry("small", "ok"));
    }

    @Test
    void sessionAtTheSizeLimitIsStored() {
        String big = "\u00E9".repeat(20_000); // 40,000 UTF-8 bytes
        String value = saved("big", big);
        assertThat(found(value).attribute("big")).contains(big);
    }

    // ---- opening and closing ---------------------------------------------------------------------------------

    @Test
    void storeOpensThroughItsUri() {
        try (SessionStore byUri = SessionStores.open(storeUri(), policy)) {
            Session s = byUri.create().setAttribute("via", "uri");
            String value = byUri.save(s);
            assertThat(byUri.find(value).flatMap(f -> f.attribute("via"))).contains("uri");
        }
    }

    @Test
    void unknownUriSchemeIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> SessionStores.open("nosuch://x", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nosuch")
                .hasMessageContaining("memory")
                .hasMessageContaining("redis");
    }

    @Test
    void closedStoreRefusesCallsAndClosesTwice() {
        String value = saved("a", "b");
        store.close();
        store.close();
        assertThatThrownBy(() -> store.find(value))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.create()).isInstanceOf(IllegalStateException.class);
        store = null;
    }
    // ---- secrecy of IDs --------------------------------------------------------------------------------------

    @Test
    void rawIdNeverAppearsInALogLineOrAnExceptionMessage() {
        Logger root = Logger.getLogger("");
        Level rootLevel = root.getLevel();
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            private final SimpleFormatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord r) {
                lines.add(r.getLoggerName() + " " + r.getMessage() + " " + formatter.formatMessage(r));
                for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                    lines.add(String.valueOf(t));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        root.setLevel(Level.ALL); // System.Logger goes to java.util.logging by default: DEBUG and TRACE too
        Set<String> secrets = new LinkedHashSet<>();
        List<String> messages = new ArrayList<>();
        try {
            System.getLogger("dev.sessionbench.testkit.probe").log(System.Logger.Level.DEBUG, "capture probe");
            assertThat(lines)
                    .as("a DEBUG line through System.Logger reaches the capture")
                    .anyMatch(l -> l.contains("capture probe"));
            Session s = store.create().setAttribute("user", "alice");
            secrets.add(s.id());
            messages.add(s.toString());
            String value = store.save(s);
            secrets.add(value);
            Session loaded = found(value);
            Session rotated = store.changeId(loaded.setAttribute("role", "admin"));
            secrets.add(rotated.id());
            messages.add(rotated.toString());
            String newValue = store.save(rotated);
            secrets.add(newValue);
            store.save(loaded.setAttribute("stale", "copy"));
            store.find(value);
            messages.add(thrownBy(() -> found(newValue).setAttribute("big", "x".repeat(policy.maxSessionBytes() + 1))));
            messages.add(thrownBy(() -> SessionCookie.defaults().setCookie(newValue + ";")));
            messages.add(thrownBy(() -> BearerTransport.defaults().headerValue(newValue + " x")));
            Session current = found(newValue);
            store.invalidate(current);
            store.save(current.setAttribute("after", "logout"));
            store.find(newValue);
            clock.advance(ABSOLUTE);
            store.purgeExpired();
            store.close();
            messages.add(thrownBy(() -> store.find(newValue)));
            messages.add(thrownBy(() -> store.save(current)));
            messages.add(thrownBy(() -> store.changeId(current)));
            messages.add(thrownBy(() -> store.invalidate(current)));
            store = null;
        } finally {
            root.removeHandler(capture);
            root.setLevel(rootLevel);
        }
        messages.removeIf(m -> m == null); // a call that threw nothing has no message to check
        assertThat(messages).as("messages of the misuse errors").hasSizeGreaterThanOrEqualTo(5);
        for (String secret : secrets) {
            String tag = SessionIds.fingerprint(secret);
            for (String line : lines) {
                assertThat(line)
                        .as("a log line names a raw ID or client value (fingerprint %s)", tag)
                        .doesNotContain(secret);
            }
            for (String message : messages) {
                assertThat(message)
                        .as("an exception message or toString names a raw ID (fingerprint %s)", tag)
                        .doesNotContain(secret);
            }
        }
    }

    /** Returns the messages of what the call threw, causes included, or null when it threw nothing. */
    private static String thrownBy(Runnable call) {
        try {
            call.run();
            return null;
        } catch (RuntimeException e) {
            StringBuilder b = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                b.append(t).append('\n');
            }
            return b.toString();
        }
    }

    // ---- the loser of two rotations is told ------------------------------------------------------------------

    /** Checks that the call throws StaleSessionException naming the session by the fingerprint of its ID only. */
    private void assertStale(Runnable changeId, String id, String... values) {
        assertThatThrownBy(changeId::run)
                .isInstanceOf(StaleSessionException.class)
                .hasMessageContaining("re-read the session from the client value")
                .hasMessageContaining(SessionIds.fingerprint(id))
                .hasMessageNotContaining(id)
                .satisfies(e -> {
                    for (String value : values) {
                        assertThat(e.getMessage())
                                .as("the message names a raw client value")
                                .doesNotContain(value);
                    }
                });
    }

    @Test
    void changeIdOfACopyAnotherRequestRotatedThrowsAndKeepsTheWinner() {
        assumeKept(ContractRule.CHANGE_ID_REFUSES_A_STALE_COPY);
        String value = saved("user", "anonymous");
        Session first = found(value);
        Session second = found(value); // a double-submitted login form: two requests, one session
        String winner = store.save(store.changeId(first.setAttribute("user", "alice")));
        assertThatThrownBy(() -> store.changeId(second.setAttribute("user", "mallory")))
                .hasMessageContaining("rotated or ended by another request");
        assertStale(() -> store.changeId(second), second.id(), value, winner);
        assertThat(found(winner).attribute("user")).contains("alice");
        assertThat(store.find(value)).isEmpty();
        String late = store.save(second); // a late save of the stale copy stays a silent no-op
        assertThat(store.find(late)).isEmpty();
        assertThat(found(winner).attribute("user"))
                .as("the winner after the loser's late save")
                .contains("alice");
    }

    @Test
    void changeIdOfACopyWhoseSessionWasInvalidatedThrows() {
        assumeKept(ContractRule.CHANGE_ID_REFUSES_A_STALE_COPY);
        String value = saved("user", "alice");
        Session slowRequest = found(value);
        store.invalidate(found(value));
        assertStale(() -> store.changeId(slowRequest.setAttribute("role", "admin")), slowRequest.id(), value);
        assertThat(store.find(value)).isEmpty();
        assertThat(store.find(store.save(slowRequest))).isEmpty();
        assumeBackendGone(slowRequest.id());
    }

    @Test
    void changeIdOfACopyWhoseSessionExpiredThrows() {
        assumeKept(ContractRule.CHANGE_ID_REFUSES_A_STALE_COPY);
        String value = saved("user", "alice");
        Session copy = found(value);
        clock.advance(IDLE);
        assertStale(() -> store.changeId(copy), copy.id(), value);
        assertThat(store.find(value)).isEmpty();
    }

    @Test
    void changeIdOfAFreshCopyAfterAnotherCopySavedStillWorks() {
        assumeKept(ContractRule.CONCURRENT_SAVES_MERGE);
        String value = saved("user", "anonymous");
        Session older = found(value);
        store.save(found(value).setAttribute("cart", "1"));
        String rotated = store.save(store.changeId(older.setAttribute("user", "alice")));
        assertThat(found(rotated).attributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("user", "alice", "cart", "1"));
    }

    @Test
    void concurrentRotationsOfOneSessionHaveExactlyOneWinner() throws Exception {
        assumeKept(ContractRule.CHANGE_ID_REFUSES_A_STALE_COPY);
        int threads = 4;
        for (int round = 0; round < 10; round++) {
            String value = saved("user", "anonymous");
            List<Session> copies = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                copies.add(found(value));
            }
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger stale = new AtomicInteger();
            List<String> winners = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Session copy = copies.get(t).setAttribute("user", "thread" + t);
                    futures.add(pool.submit(() -> {
                        start.await();
                        try {
                            winners.add(store.save(store.changeId(copy)));
                        } catch (StaleSessionException e) {
                            stale.incrementAndGet();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : futures) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(winners).as("round %d: rotations that returned", round).hasSize(1);
            assertThat(stale.get()).as("round %d: losers told", round).isEqualTo(threads - 1);
            assertThat(found(winners.get(0)).attribute("user")).isPresent();
            assertThat(store.find(value)).isEmpty();
        }
    }

    // ---- sessions of a principal, and session events ---------------------------------------------------------

    /** How long a test waits for asynchronous event delivery before it checks what arrived. */
    protected static final Duration EVENT_WAIT = Duration.ofSeconds(10);

    /** Closes the store under test and opens a fresh one under {@code newPolicy}; returns it. */
    protected final SessionStore reopen(SessionPolicy newPolicy) {
        store.close();
        policy = newPolicy;
        store = openStore(newPolicy);
        return store;
    }

    /** Saves a new session of {@code principal} and returns its client value. */
    protected final String savedAs(String principal) {
        return saved(policy.principalAttribute(), principal);
    }

    private Set<String> idsOf(String principal) {
        Set<String> ids = new HashSet<>();
        for (Session s : store.sessionsOf(principal)) {
            assertThat(ids.add(s.id())).as("sessionsOf lists each session once").isTrue();
        }
        return ids;
    }

    private String idOf(String value) {
        return found(value).id();
    }

    @Test
    void sessionsOfAndInvalidateAllRefuseANullOrBlankPrincipal() {
        for (String bad : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> store.sessionsOf(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("principal must not be");
            assertThatThrownBy(() -> store.invalidateAll(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("principal must not be");
        }
    }

    @Test
    void sessionsOfListsTheLiveSessionsOfThePrincipalInAnyOrder() {
        assumeKept(ContractRule.SESSIONS_OF_A_PRINCIPAL_ARE_LISTED);
        String a1 = savedAs("alice");
        String a2 = store.save(store.create()
                .setAttribute(policy.principalAttribute(), "alice")
                .setAttribute("cart", "1,2"));
        String b1 = savedAs("bob");
        saved("anonymous", "yes");
        clock.advance(Duration.ofMinutes(5));
        List<Session> alice = store.sessionsOf("alice");
        assertThat(alice).extracting(Session::id).containsExactlyInAnyOrder(idOf(a1), idOf(a2));
        Session withCart = alice.stream()
                .filter(s -> s.attribute("cart").isPresent())
                .findFirst()
                .orElseThrow();
        assertThat(withCart.attributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of(policy.principalAttribute(), "alice", "cart", "1,2"));
        assertThat(withCart.createdAt()).isEqualTo(START);
        assertThat(idsOf("bob")).containsExactly(idOf(b1));
        assertThat(store.sessionsOf("nobody")).isEmpty();
        assertThat(store.sessionsOf("Alice"))
                .as("principals are compared exactly")
                .isEmpty();
    }

    @Test
    void invalidateAllEndsEverySessionOfThePrincipalTogether() {
        assumeKept(ContractRule.INVALIDATE_ALL_ENDS_EVERY_SESSION);
        List<String> alice = List.of(savedAs("alice"), savedAs("alice"), savedAs("alice"));
        String bob = savedAs("bob");
        String anonymous = saved("theme", "dark");
        store.invalidateAll("alice");
        for (String value : alice) {
            assertThat(store.find(value)).isEmpty();
        }
        assertThat(store.find(bob)).isPresent();
        assertThat(store.find(anonymous)).isPresent();
        if (!declaredExceptions().containsKey(ContractRule.SESSIONS_OF_A_PRINCIPAL_ARE_LISTED)) {
            assertThat(store.sessionsOf("alice")).isEmpty();
            assertThat(idsOf("bob")).containsExactly(idOf(bob));
        }
        store.invalidateAll("alice"); // again, and for a principal with no session: harmless
        store.invalidateAll("nobody");
    }

    @Test
    void lateSaveOfStaleCopyAfterInvalidateAllDoesNotRevive() {
        assumeKept(ContractRule.INVALIDATE_ALL_ENDS_EVERY_SESSION);
        String value = savedAs("alice");
        Session slowRequest = found(value);
        Session slowRotation = found(value);
        store.invalidateAll("alice");
        String after = store.save(slowRequest.setAttribute("cart", "stale"));
        assertThat(store.find(value)).isEmpty();
        assertThat(store.find(after)).isEmpty();
        if (declaredExceptions().containsKey(ContractRule.CHANGE_ID_REFUSES_A_STALE_COPY)) {
            String rotated = store.save(store.changeId(slowRotation));
            assertThat(store.find(rotated))
                    .as("a rotation of a stale copy after invalidateAll")
                    .isEmpty();
        } else {
            assertThatThrownBy(() -> store.changeId(slowRotation))
                    .as("a rotation of a stale copy after invalidateAll")
                    .isInstanceOf(StaleSessionException.class);
        }
        if (!declaredExceptions().containsKey(ContractRule.SESSIONS_OF_A_PRINCIPAL_ARE_LISTED)) {
            assertThat(store.sessionsOf("alice")).isEmpty();
        }
        clock.advance(MS);
        String fresh = savedAs("alice");
        assertThat(store.find(fresh)).as("a new login after invalidateAll").isPresent();
    }

    @Test
    void principalIndexFollowsRotationToTheNewId() {
        assumeKept(ContractRule.SESSIONS_OF_A_PRINCIPAL_ARE_LISTED);
        String value = savedAs("alice");
        Session rotated = store.changeId(found(value));
        String newValue = store.save(rotated);
        assertThat(idsOf("alice")).containsExactly(rotated.id());
        assertThat(store.find(newValue)).isPresent();
        Session loginRotation =
                store.changeId(found(saved("cart", "1")).setAttribute(policy.principalAttribute(), "bob"));
        store.save(loginRotation);
        assertThat(idsOf("bob")).as("a principal set just before a rotation").containsExactly(loginRotation.id());
    }

    @Test
    void changeOfPrincipalMovesTheSessionAndRemovalTakesItOut() {
        assumeKept(ContractRule.SESSIONS_OF_A_PRINCIPAL_ARE_LISTED);
        String value = savedAs("alice");
        String id = idOf(value);
        value = store.save(found(value).setAttribute(policy.principalAttribute(), "bob"));
        assertThat(store.sessionsOf("alice")).isEmpty();
        assertThat(idsOf("bob")).containsExactly(id);
        value = store.save(found(value).removeAttribute(policy.principalAttribute()));
        assertThat(store.sessionsOf("bob")).isEmpty();
        assertThat(store.find(value)).as("the session itself lives on").isPresent();
        value = store.save(found(value).setAttribute(policy.principalAttribute(), "carol"));
        assertThat(idsOf("carol")).containsExactly(id);
        store.invalidate(found(value));
        assertThat(store.sessionsOf("carol")).as("after invalidate").isEmpty();
    }

    @Test
    void sessionsOfNeverReturnsASessionPastItsDeadline() {
        assumeKept(ContractRule.SESSIONS_OF_A_PRINCIPAL_ARE_LISTED);
        String old = savedAs("alice");
        String oldId = idOf(old);
        clock.advance(Duration.ofMinutes(20));
        String recent = savedAs("alice");
        String recentId = idOf(recent);
        assertThat(idsOf("alice")).containsExactlyInAnyOrder(oldId, recentId);
        clock.advance(Duration.ofMinutes(15));
        assertThat(idsOf("alice")).as("without a purge").containsExactly(recentId);
        store.purgeExpired();
        assertThat(idsOf("alice")).as("after a purge").containsExactly(recentId);
        clock.advance(IDLE);
        assertThat(store.sessionsOf("alice")).isEmpty();
    }

    @Test
    void capEndsTheLeastRecentlyUsedSessionNotTheOldest() {
        assumeKept(ContractRule.SESSIONS_OF_A_PRINCIPAL_ARE_LISTED);
        reopen(policy.withMaxSessionsPerPrincipal(2));
        String first = savedAs("alice");
        String firstId = idOf(first);
        clock.advance(Duration.ofMinutes(1));
        String second = savedAs("alice");
        String secondId = idOf(second);
        clock.advance(Duration.ofMinutes(1));
        found(first); // the oldest is now the most recently used but one
        clock.advance(Duration.ofMinutes(1));
        String third = savedAs("alice");
        assertThat(store.find(second)).as("the least recently used session").isEmpty();
        assertThat(idsOf("alice")).containsExactlyInAnyOrder(firstId, idOf(third));
        String bob = savedAs("bob");
        assertThat(store.find(bob))
                .as("another principal's sessions count apart")
                .isPresent();
        assertThat(store.find(first)).isPresent();
        assertThat(secondId).isNotEqualTo(firstId);
    }

    @Test
    void everyKindOfEventIsAnnouncedExactlyOnce() throws InterruptedException {
        RecordingListener events = new RecordingListener();
        boolean lists = !declaredExceptions().containsKey(ContractRule.SESSIONS_OF_A_PRINCIPAL_ARE_LISTED);
        reopen(lists ? policy.withListener(events).withMaxSessionsPerPrincipal(2) : policy.withListener(events));
        boolean endsAll = !declaredExceptions().containsKey(ContractRule.INVALIDATE_ALL_ENDS_EVERY_SESSION);
        boolean expires = !declaredExceptions().containsKey(ContractRule.EXPIRY_IS_ANNOUNCED);
        boolean invalidates = !declaredExceptions().containsKey(ContractRule.INVALIDATE_RETIRES_ISSUED_VALUES);
        int expected = 0;

        Session alice = store.create().setAttribute(policy.principalAttribute(), "alice");
        String aliceOld = SessionIds.fingerprint(alice.id());
        String aliceValue = store.save(alice);
        aliceValue = store.save(found(aliceValue).setAttribute("cart", "1"));
        expected++; // the later saves are no creation
        Session rotated = store.changeId(found(aliceValue));
        store.save(rotated);
        expected++;
        Session bob = store.create().setAttribute(policy.principalAttribute(), "bob");
        store.save(bob);
        store.invalidate(bob);
        store.invalidate(bob); // ending it again announces nothing
        expected += invalidates ? 2 : 1;
        Session anonymous = store.create();
        store.save(anonymous);
        expected++;
        if (endsAll && lists) { // a store that cannot list cannot name the sessions it ends
            store.save(store.create().setAttribute(policy.principalAttribute(), "carol"));
            store.save(store.create().setAttribute(policy.principalAttribute(), "carol"));
            store.invalidateAll("carol");
            expected += 4;
        }
        Session capped = null;
        if (lists) {
            capped = store.create().setAttribute(policy.principalAttribute(), "dave");
            store.save(capped);
            clock.advance(Duration.ofMinutes(1));
            store.save(store.create().setAttribute(policy.principalAttribute(), "dave"));
            clock.advance(Duration.ofMinutes(1));
            store.save(store.create().setAttribute(policy.principalAttribute(), "dave"));
            expected += 4;
        }
        clock.advance(ABSOLUTE);
        store.purgeExpired();
        store.purgeExpired();
        int live = 2 + (lists ? 2 : 0); // alice (rotated), the anonymous one, dave's last two
        if (expires) {
            expected += live;
        }
        events.awaitAtLeast(expected, EVENT_WAIT);
        store.close(); // delivers whatever is still queued, so the count below is final
        store = null;
        List<SessionEvent> all = events.events();
        assertThat(all).as("every event, in order: %s", all).hasSize(expected);

        List<SessionEvent.Created> created = events.events(SessionEvent.Created.class);
        assertThat(created)
                .extracting(SessionEvent::fingerprint)
                .doesNotHaveDuplicates()
                .contains(aliceOld, SessionIds.fingerprint(bob.id()), SessionIds.fingerprint(anonymous.id()));
        assertThat(created).hasSize(3 + (endsAll && lists ? 2 : 0) + (lists ? 3 : 0));
        assertThat(created.get(0).principal()).contains("alice");
        assertThat(events.events(SessionEvent.Created.class).stream()
                        .filter(e -> e.fingerprint().equals(SessionIds.fingerprint(anonymous.id())))
                        .findFirst()
                        .orElseThrow()
                        .principal())
                .isEmpty();

        assertThat(events.events(SessionEvent.Rotated.class)).singleElement().satisfies(e -> {
            assertThat(e.oldFingerprint()).isEqualTo(aliceOld);
            assertThat(e.fingerprint()).isEqualTo(SessionIds.fingerprint(rotated.id()));
            assertThat(e.principal()).contains("alice");
        });

        List<SessionEvent.Invalidated> invalidated = events.events(SessionEvent.Invalidated.class);
        assertThat(invalidated)
                .filteredOn(e -> e.cause() == SessionEvent.Cause.APPLICATION)
                .hasSize(invalidates ? 1 : 0)
                .allSatisfy(e -> {
                    assertThat(e.fingerprint()).isEqualTo(SessionIds.fingerprint(bob.id()));
                    assertThat(e.principal()).contains("bob");
                });
        assertThat(invalidated)
                .filteredOn(e -> e.cause() == SessionEvent.Cause.INVALIDATE_ALL)
                .hasSize(endsAll && lists ? 2 : 0)
                .allSatisfy(e -> assertThat(e.principal()).contains("carol"));
        if (lists) {
            String cappedFingerprint = SessionIds.fingerprint(capped.id());
            assertThat(invalidated)
                    .filteredOn(e -> e.cause() == SessionEvent.Cause.CAP)
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.fingerprint()).isEqualTo(cappedFingerprint);
                        assertThat(e.principal()).contains("dave");
                    });
        }

        List<SessionEvent.Expired> expired = events.events(SessionEvent.Expired.class);
        if (expires) {
            assertThat(expired)
                    .extracting(SessionEvent::fingerprint)
                    .doesNotHaveDuplicates()
                    .contains(SessionIds.fingerprint(rotated.id()), SessionIds.fingerprint(anonymous.id()))
                    .doesNotContain(aliceOld, SessionIds.fingerprint(bob.id()));
            assertThat(expired).hasSize(live);
            assertThat(expired)
                    .filteredOn(e -> e.fingerprint().equals(SessionIds.fingerprint(rotated.id())))
                    .singleElement()
                    .satisfies(e -> assertThat(e.principal()).contains("alice"));
        } else {
            assertThat(expired).isEmpty();
        }
        for (SessionEvent e : all) {
            assertThat(e.at()).isAfterOrEqualTo(START);
        }
    }
}
