package dev.sessionbench.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.fixtures.MutableClock;
import dev.sessionbench.store.memory.MemorySessionStore;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo driven end to end by {@link HttpClient} with a {@link CookieManager}, against one store. Over plain http
 * the demo runs with {@code --insecure-dev-cookie}, because CookieManager returns no Secure cookie over http; a
 * test that returns true from {@link #https()} runs it with a self-signed certificate and the production
 * {@code __Host-sid} cookie instead. Each store's
 * test names its URI; a store that cannot retire issued values (the stateless token store) says so in
 * {@link #retiresOldValues()}, and the checks that an old cookie stops working are then left out for it.
 */
@Timeout(120)
abstract class DemoScenario {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private SessionStore store;
    private DemoServer server;
    private CookieManager cookies;
    private HttpClient browser;
    private HttpClient bare;
    private SelfSignedTls tls;
    private String cookieName;
    /** The policy's clock: it stands still unless a test moves it. */
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    /** One certificate per JVM: keytool takes seconds, and the key lives in memory once loaded. */
    private static SelfSignedTls sharedTls;

    @TempDir
    static Path tlsDir;

    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logLines.add(new SimpleFormatter().formatMessage(r));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    /** Returns the URI of a fresh store for this test. */
    protected abstract String storeUri() throws IOException;

    /** Returns true to serve https with a self-signed certificate and the production cookie. */
    protected boolean https() {
        return false;
    }

    /** Returns false for a store that cannot list the sessions of a user. */
    protected boolean listsSessions() {
        return true;
    }

    /** Returns false for a store whose issued values keep resolving after changeId and invalidate. */
    protected boolean retiresOldValues() {
        return true;
    }

    @BeforeEach
    final void start() throws IOException {
        Logger.getLogger("").addHandler(capture);
        SessionPolicy policy = DemoApp.policy().withClock(clock);
        store = SessionStores.open(storeUri(), policy);
        tls = https() ? sharedTls() : null;
        cookieName = https() ? "__Host-sid" : DemoApp.DEV_COOKIE_NAME;
        server = new DemoServer(store, DemoApp.cookie(!https(), policy), 0, tls == null ? null : tls.serverContext());
        cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        browser = client().cookieHandler(cookies).build();
        bare = client().build();
    }

    @AfterEach
    final void stop() {
        Logger.getLogger("").removeHandler(capture);
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void anonymousVisitLoginCartCsrfAndLogout() throws Exception {
        Set<String> issued = new LinkedHashSet<>();

        // Anonymous visit: no session yet; the CSRF token is in the page and in the visitor's CSRF cookie.
        HttpResponse<String> page = get(browser, "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Hello, anonymous");
        assertThat(sid()).as("a page view stores no session").isEmpty();
        String csrf = csrf(page);
        assertThat(post(bare, "/cart", "item=apple&_csrf=" + csrf).statusCode())
                .as("the page's token without the visitor's cookie")
                .isEqualTo(403);

        // A cart update starts the session, which keeps the page's token, and persists.
        assertThat(post(browser, "/cart", "item=apple&_csrf=" + csrf).statusCode())
                .isEqualTo(303);
        String anonymous = sid().orElseThrow(() -> new AssertionError("no session cookie after the first post"));
        issued.add(anonymous);
        assertThat(get(browser, "/api/session").body())
                .contains("\"cart\":[\"apple\"]")
                .contains("\"user\":null");

        // Form posts without the CSRF token, or with a wrong one, are refused.
        assertThat(post(browser, "/cart", "item=pear").statusCode()).isEqualTo(403);
        assertThat(post(browser, "/cart", "item=pear&_csrf=" + csrf.substring(1))
                        .statusCode())
                .isEqualTo(403);
        assertThat(post(browser, "/login", "username=mallory").statusCode()).isEqualTo(403);
        assertThat(get(browser, "/api/session").body())
                .contains("\"cart\":[\"apple\"]")
                .contains("\"user\":null");
        String preLogin = sid().orElseThrow();

        // Login rotates the ID and the CSRF token; the cart comes along.
        assertThat(post(browser, "/login", "username=alice&_csrf=" + csrf).statusCode())
                .isEqualTo(303);
        String loggedIn = sid().orElseThrow();
        issued.add(loggedIn);
        assertThat(loggedIn).isNotEqualTo(preLogin);
        page = get(browser, "/");
        assertThat(page.body()).contains("Hello, alice").contains("apple");
        String newCsrf = csrf(page);
        assertThat(newCsrf).isNotEqualTo(csrf);
        assertThat(post(browser, "/cart", "item=pear&_csrf=" + csrf).statusCode())
                .as("the pre-login CSRF token")
                .isEqualTo(403);
        if (retiresOldValues()) {
            assertThat(get(withCookie(preLogin), "/api/session").body())
                    .as("the pre-login cookie")
                    .isEqualTo("{\"session\":false}\n");
        }

        // More cart updates persist across requests.
        assertThat(post(browser, "/cart", "item=pear&_csrf=" + newCsrf).statusCode())
                .isEqualTo(303);
        assertThat(post(browser, "/cart", "item=plum&_csrf=" + newCsrf).statusCode())
                .isEqualTo(303);
        sid().ifPresent(issued::add);
        assertThat(get(browser, "/api/session").body())
                .contains("\"user\":\"alice\"")
                .contains("\"cart\":[\"apple\",\"pear\",\"plum\"]");
        String beforeLogout = sid().orElseThrow();

        // Logout deletes the cookie, and the old cookie is refused afterwards.
        HttpResponse<String> out = post(browser, "/logout", "_csrf=" + newCsrf);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().allValues("Set-Cookie"))
                .anyMatch(c -> c.startsWith(cookieName + "=; Max-Age=0; Path=/"));
        assertThat(sid()).as("the browser dropped the cookie").isEmpty();
        assertThat(get(browser, "/api/session").body()).isEqualTo("{\"session\":false}\n");
        if (retiresOldValues()) {
            assertThat(get(withCookie(beforeLogout), "/api/session").body())
                    .as("the cookie from before logout")
                    .isEqualTo("{\"session\":false}\n");
            assertThat(post(withCookie(beforeLogout), "/cart", "item=fig&_csrf=" + newCsrf)
                            .statusCode())
                    .as("a post with the old cookie and its CSRF token")
                    .isEqualTo(403);
        }

        // No log line named a session's client value.
        for (String value : issued) {
            assertThat(logLines).noneMatch(line -> line.contains(value));
        }
    }

    @Test
    void logOutEverywhereElseEndsTheUsersOtherSessionsAndKeepsThisOne() throws Exception {
        HttpClient laptop = browser;
        HttpClient phone = client().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .build();
        HttpClient other = client().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .build();
        String csrf = logIn(laptop, "bob");
        logIn(phone, "bob");
        logIn(other, "carol");
        HttpResponse<String> page = get(laptop, "/");
        if (!listsSessions()) {
            assertThat(page.body()).contains("Active sessions: this store cannot list them");
            assertThat(post(laptop, "/logout-others", "_csrf=" + csrf).statusCode())
                    .isEqualTo(501);
            assertThat(get(phone, "/api/session").body()).contains("\"user\":\"bob\"");
            return;
        }
        assertThat(page.body())
                .contains("Your active sessions")
                .contains("(this one)")
                .contains("Log out everywhere else");
        assertThat(page.body().split("<li>session ", -1))
                .as("two sessions listed")
                .hasSize(3);
        assertThat(page.body()).doesNotContain(sid().orElseThrow());

        assertThat(post(laptop, "/logout-others", "_csrf=" + csrf).statusCode()).isEqualTo(303);
        assertThat(get(phone, "/api/session").body()).as("bob's other session").isEqualTo("{\"session\":false}\n");
        assertThat(get(laptop, "/api/session").body()).as("this session").contains("\"user\":\"bob\"");
        assertThat(get(other, "/api/session").body())
                .as("another user's session")
                .contains("\"user\":\"carol\"");
        page = get(laptop, "/");
        assertThat(page.body().split("<li>session ", -1)).as("one session left").hasSize(2);
        assertThat(post(bare, "/logout-others", "_csrf=" + csrf).statusCode())
                .as("without a session")
                .isEqualTo(403);
    }

    /** Logs the browser in as {@code user} and returns the CSRF token of its logged-in page. */
    private String logIn(HttpClient client, String user) throws Exception {
        String csrf = csrf(get(client, "/"));
        assertThat(post(client, "/login", "username=" + user + "&_csrf=" + csrf).statusCode())
                .isEqualTo(303);
        HttpResponse<String> loggedInPage = get(client, "/");
        assertThat(loggedInPage.body()).contains("Hello, " + user);
        return csrf(loggedInPage);
    }

    @Test
    void hostileCookieHeadersGetTheAnonymousPage() throws Exception {
        String n = cookieName + "=";
        for (String header : List.of(
                n + "\"" + "A".repeat(43) + "\"",
                n + "../../etc/passwd",
                n + "*",
                n + "x".repeat(5000),
                "a=b; ".repeat(3000) + n + "junk")) {
            HttpResponse<String> r = send(
                    bare,
                    HttpRequest.newBuilder(uri("/")).header("Cookie", header).GET());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("Hello, anonymous");
        }
    }

    @Test
    void cookielessPageViewsStoreNothing() throws Exception {
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> r = get(bare, "/");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("Hello, anonymous").contains("name=\"_csrf\"");
            assertThat(r.headers().allValues("Set-Cookie"))
                    .as("request %d", i)
                    .noneMatch(c -> c.startsWith(cookieName + "="));
        }
        if (store instanceof MemorySessionStore memory) {
            assertThat(memory.size()).isZero();
        }
    }

    @Test
    void activeUserStaysSignedInPastTheIdleTimeout() throws Exception {
        HttpResponse<String> page = get(browser, "/");
        assertThat(post(browser, "/login", "username=alice&_csrf=" + csrf(page)).statusCode())
                .isEqualTo(303);
        assertThat(get(browser, "/").body()).contains("Hello, alice");
        Duration step = SessionPolicy.DEFAULT_IDLE_TIMEOUT.multipliedBy(2).dividedBy(3); // 20 of 30 minutes
        for (int i = 1; i <= 4; i++) {
            clock.advance(step);
            assertThat(get(browser, "/").body())
                    .as("after %s of activity", step.multipliedBy(i))
                    .contains("Hello, alice");
        }
        // An idle user is signed out all the same.
        clock.advance(SessionPolicy.DEFAULT_IDLE_TIMEOUT.plusSeconds(1));
        assertThat(get(browser, "/").body()).contains("Hello, anonymous");
    }

    private static synchronized SelfSignedTls sharedTls() throws IOException {
        if (sharedTls == null) {
            sharedTls = SelfSignedTls.create(tlsDir);
        }
        return sharedTls;
    }

    private Optional<String> sid() {
        for (HttpCookie c : cookies.getCookieStore().getCookies()) {
            if (c.getName().equals(cookieName)) {
                return Optional.of(c.getValue());
            }
        }
        return Optional.empty();
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("the page has a CSRF field").isTrue();
        return m.group(1);
    }

    private HttpClient withCookie(String value) {
        CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpCookie c = new HttpCookie(cookieName, value);
        c.setPath("/");
        c.setVersion(0);
        c.setSecure(https());
        jar.getCookieStore().add(uri("/"), c);
        return client().cookieHandler(jar).build();
    }

    private HttpClient.Builder client() {
        HttpClient.Builder b = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5));
        return tls == null ? b : b.sslContext(tls.clientContext());
    }

    private URI uri(String path) {
        return URI.create(server.url()).resolve(path);
    }

    private HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return send(client, HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> post(HttpClient client, String path, String form) throws Exception {
        return send(
                client,
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
