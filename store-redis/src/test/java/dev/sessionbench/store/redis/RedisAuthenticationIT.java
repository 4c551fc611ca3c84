package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStoreException;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.fixtures.redis.RedisServer;
import dev.sessionbench.fixtures.redis.RespConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Passwords with every character that is special in a URI, against a throwaway {@code redis-server} whose
 * {@code requirepass} each test sets itself: the store authenticates with them, a wrong one is reported as an
 * authentication failure, and no message, toString or log line (java.util.logging at every level) shows one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisAuthenticationIT {

    /** A server of this class's own, closed after its last test. */
    @AutoClose
    private static final RedisServer server = RedisServer.start();
    /** The password the server requires now; empty for none. */
    private static String current = "";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AtomicInteger wireDumps = new AtomicInteger();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            if (r.getLoggerName() != null
                    && r.getLoggerName().equals(RedisSessionStore.WIRE_LOGGER)
                    && r.getLevel().intValue() <= Level.FINEST.intValue()) {
                wireDumps.incrementAndGet(); // Lettuce's dump of every byte sent; the store warns about it
                return;
            }
            lines.add(r.getLoggerName() + " " + formatter.format(r));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level rootLevel;

    @BeforeEach
    void captureEveryLogLine() {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        root.setLevel(Level.ALL);
    }

    @AfterEach
    void stopCapturing() {
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(rootLevel);
        requirePass("");
    }

    /** Sets the server's password, authenticating with the one set before. */
    private static void requirePass(String password) {
        try (RespConnection c = RespConnection.open(server.endpoint(), RespConnection.DEFAULT_TIMEOUT)) {
            if (!current.isEmpty()) {
                c.call("AUTH", current);
            }
            c.call("CONFIG", "SET", "requirepass", password);
            current = password;
        }
    }

    /** Returns the string percent-encoded as RFC 3986 asks in user information: all but unreserved characters. */
    private static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", x & 0xff));
            }
        }
        return b.toString();
    }

    private void assertRoundTrip(String uri) {
        try (SessionStore store = SessionStores.open(uri, SessionPolicy.defaults())) {
            String value = store.save(store.create().setAttribute("user", "alice"));
            assertThat(store.find(value).flatMap(s -> s.attribute("user"))).contains("alice");
            assertThat(store.toString()).doesNotContain("user");
        }
    }

    private void assertNoLineShows(String password) {
        assertThat(lines).as("log lines captured").isNotNull();
        for (String line : lines) {
            assertThat(line).as("a log line shows the password").doesNotContain(password);
        }
    }

    /** Passwords with the characters a URI gives a meaning to, except the percent sign. */
    private static final List<String> SPECIAL =
            List.of("Tr0ub4dor/3xyz", "pa?ss?word", "pa#ss#word", "a+b+c", "p@ss@word", "us:er:pw", "with space");

    static Stream<String> passwordsWithPercentSigns() {
        return Stream.concat(SPECIAL.stream(), Stream.of("100%sure", "/?#+%@: all of them"));
    }

    static Stream<String> passwordsWithoutPercentSigns() {
        return Stream.concat(SPECIAL.stream(), Stream.of("/?#+@: all but the percent sign"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passwordsWithPercentSigns")
    void percentEncodedPasswordAuthenticates(String password) {
        requirePass(password);
        assertRoundTrip("redis://:" + encode(password) + "@127.0.0.1:" + server.port() + "/0?prefix=auth:");
        assertRoundTrip("redis://default:" + encode(password) + "@127.0.0.1:" + server.port() + "/0?prefix=auth:");
        assertNoLineShows(password);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passwordsWithoutPercentSigns")
    void unencodedPasswordAuthenticatesUpToTheLastAt(String password) {
        requirePass(password);
        assertRoundTrip("redis://:" + password + "@127.0.0.1:" + server.port() + "/0?prefix=auth:");
        assertNoLineShows(password);
    }

    @Test
    void plusInAPasswordStaysAPlus() {
        requirePass("a+b+c");
        assertRoundTrip("redis://:a+b+c@127.0.0.1:" + server.port());
        requirePass("a b c");
        assertThatThrownBy(() -> assertRoundTrip("redis://:a+b+c@127.0.0.1:" + server.port()))
                .as("a + is not a space")
                .isInstanceOf(SessionStoreException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Tr0ub4dor/3xyz", "pa?ss?word", "/?#+%@: all of them"})
    void wrongPasswordSaysAuthenticationFailedWithoutShowingAPassword(String given) {
        requirePass("right-password");
        String uri = "redis://:" + encode(given) + "@127.0.0.1:" + server.port() + "/0";
        assertThatThrownBy(() -> SessionStores.open(uri, SessionPolicy.defaults()))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageContaining("authentication failed")
                .hasMessageNotContaining("Unable to connect")
                .hasMessageContaining("127.0.0.1:" + server.port())
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t))
                                .doesNotContain(given)
                                .doesNotContain(encode(given))
                                .doesNotContain("right-password");
                    }
                });
        assertNoLineShows(given);
        assertNoLineShows(encode(given));
    }

    @Test
    void aStoreWithAPasswordWarnsWhenLettuceLogsEveryByteSent() {
        requirePass("right-password");
        assertRoundTrip("redis://:right-password@127.0.0.1:" + server.port());
        assertThat(wireDumps.get())
                .as("wire dumps at TRACE, with the root logger at ALL")
                .isPositive();
        assertThat(lines)
                .anyMatch(l ->
                        l.contains("WARNING") && l.contains(RedisSessionStore.WIRE_LOGGER) && l.contains("password"));
        assertNoLineShows("right-password");
    }

    @Test
    void missingPasswordSaysAuthenticationIsRequired() {
        requirePass("right-password");
        assertThatThrownBy(() -> SessionStores.open(server.url(), SessionPolicy.defaults()))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageContaining("authentication failed")
                .hasMessageContaining("password");
    }

    @Test
    void malformedEscapeInAPasswordIsRefusedWithoutShowingIt() {
        List<String> uris = new ArrayList<>(List.of(
                "redis://:100%sure@127.0.0.1:" + server.port(),
                "redis://:abc%4@127.0.0.1:" + server.port(),
                "redis://:Tr0ub4dor/3xyz%zz@127.0.0.1:" + server.port() + "/0"));
        for (String uri : uris) {
            assertThatThrownBy(() -> SessionStores.open(uri, SessionPolicy.defaults()))
                    .as(uri)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("%-escape in the password")
                    .hasMessageContaining("127.0.0.1:" + server.port())
                    .hasMessageNotContaining("sure")
                    .hasMessageNotContaining("abc")
                    .hasMessageNotContaining("Tr0ub4dor");
        }
    }

    @Test
    void aBadDatabaseAfterAPasswordWithASlashNamesThePathButNotThePassword() {
        assertThatThrownBy(
                        () -> SessionStores.open("redis://:Tr0ub4dor/3xyz@127.0.0.1:6390/x", SessionPolicy.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has path /x")
                .hasMessageNotContaining("Tr0ub4dor")
                .hasMessageNotContaining("3xyz");
    }
}
