package dev.sessionbench.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's default cookie is the production one, and why the end-to-end tests use the development cookie. */
class DemoCookieModeTest {

    @Test
    void defaultModeSendsTheHostPrefixedSecureCookie() throws Exception {
        SessionPolicy policy = SessionPolicy.defaults();
        try (SessionStore store = SessionStores.open("memory:", policy);
                DemoServer server = new DemoServer(store, DemoApp.cookie(false, policy), 0)) {
            CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
            HttpClient client = HttpClient.newBuilder().cookieHandler(jar).build();
            URI home = URI.create("http://127.0.0.1:" + server.port() + "/");
            HttpResponse<String> first =
                    client.send(HttpRequest.newBuilder(home).build(), HttpResponse.BodyHandlers.ofString());
            List<String> setCookies = first.headers().allValues("Set-Cookie");
            assertThat(setCookies)
                    .as("a page view sets only the visitor's CSRF cookie")
                    .singleElement()
                    .asString()
                    .matches("__Host-csrf=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Lax");
            // java.net.CookieManager keeps the Secure cookie but sends it only over https: every plain-http visit
            // looks new, which is why DemoScenario runs with --insecure-dev-cookie.
            HttpResponse<String> second =
                    client.send(HttpRequest.newBuilder(home).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(second.headers().allValues("Set-Cookie"))
                    .singleElement()
                    .asString()
                    .isNotEqualTo(setCookies.get(0));
            // curl and browsers send it back on 127.0.0.1; the first form post then starts the session.
            String token = setCookies.get(0).substring("__Host-csrf=".length(), "__Host-csrf=".length() + 43);
            HttpResponse<String> post = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(home.resolve("/cart"))
                                    .header("Cookie", "__Host-csrf=" + token)
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString("item=apple&_csrf=" + token))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(303);
            assertThat(post.headers().allValues("Set-Cookie"))
                    .anyMatch(c -> c.matches("__Host-sid=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Lax"))
                    .anyMatch(c -> c.startsWith("__Host-csrf=; Max-Age=0"));
        }
    }

    @Test
    void developmentModeUsesAPlainSidCookieWithoutSecure() {
        assertThat(DemoApp.cookie(true, SessionPolicy.defaults()).setCookie("x"))
                .isEqualTo("sid=x; Path=/; HttpOnly; SameSite=Lax");
    }
}
