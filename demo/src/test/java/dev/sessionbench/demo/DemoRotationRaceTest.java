package dev.sessionbench.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.core.spi.SessionAccess;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A sign-in that loses the race for its session's rotation (a form sent twice) is told, and sets no cookie. */
class DemoRotationRaceTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Test
    void signInThatLosesTheRotationRaceAnswers409AndSetsNoSessionCookie() throws Exception {
        SessionPolicy policy = DemoApp.policy();
        try (SessionStore memory = SessionStores.open("memory:", policy);
                DemoServer server =
                        new DemoServer(new OtherRequestRotatesFirst(memory), DemoApp.cookie(true, policy), 0)) {
            HttpClient browser = HttpClient.newBuilder()
                    .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            URI home = URI.create(server.url());
            String csrf =
                    csrf(browser.send(HttpRequest.newBuilder(home).build(), HttpResponse.BodyHandlers.ofString()));
            assertThat(post(browser, home.resolve("/cart"), "item=apple&_csrf=" + csrf)
                            .statusCode())
                    .isEqualTo(303);

            HttpResponse<String> login = post(browser, home.resolve("/login"), "username=alice&_csrf=" + csrf);

            assertThat(login.statusCode()).isEqualTo(409);
            assertThat(login.body()).contains("changed by another request");
            assertThat(login.headers().allValues("Set-Cookie"))
                    .as("no cookie for a session that lost the race")
                    .noneMatch(c -> c.startsWith(DemoApp.DEV_COOKIE_NAME + "="));
        }
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("the page has a CSRF field").isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> post(HttpClient client, URI uri, String form) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A real store where, at every rotation, another request holding a copy of the session rotates it first. */
    private static final class OtherRequestRotatesFirst implements SessionStore {
        private final SessionStore store;

        OtherRequestRotatesFirst(SessionStore store) {
            this.store = store;
        }

        @Override
        public Session changeId(Session session) {
            if (!SessionAccess.isNew(session)) {
                store.find(session.id()).ifPresent(store::changeId);
            }
            return store.changeId(session);
        }

        @Override
        public Session create() {
            return store.create();
        }

        @Override
        public Optional<Session> find(String clientValue) {
            return store.find(clientValue);
        }

        @Override
        public String save(Session session) {
            return store.save(session);
        }

        @Override
        public boolean needsSave(Session session) {
            return store.needsSave(session);
        }

        @Override
        public void invalidate(Session session) {
            store.invalidate(session);
        }

        @Override
        public long purgeExpired() {
            return store.purgeExpired();
        }

        @Override
        public List<Session> sessionsOf(String principal) {
            return store.sessionsOf(principal);
        }

        @Override
        public void invalidateAll(String principal) {
            store.invalidateAll(principal);
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
