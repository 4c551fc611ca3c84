package dev.sessionbench.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.spring.example.ExampleApp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example application on embedded Tomcat, one instance per store for the whole class, driven over HTTP. Each
 * subclass names its store URI; nothing else differs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ExampleAppScenarios {

    private final List<ConfigurableApplicationContext> started = new ArrayList<>();
    ConfigurableApplicationContext app;
    URI base;

    /** Returns the store URI this class runs the application on. */
    abstract String storeUri();

    @BeforeAll
    final void startApplication() {
        app = start(storeUri());
        base = baseOf(app);
    }

    @AfterAll
    final void stopApplications() {
        started.forEach(ConfigurableApplicationContext::close);
    }

    /** Starts one more instance of the example application on a random port. */
    final ConfigurableApplicationContext start(String storeUri) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ExampleApp.class, Rendezvous.class)
                .run("--server.port=0", "--sessionbench.session.store-uri=" + storeUri);
        started.add(context);
        return context;
    }

    static URI baseOf(ConfigurableApplicationContext context) {
        int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://localhost:" + port + "/");
    }

    /** Returns the session as the store holds it: the back door past Spring. */
    final Session stored(String id) {
        return app.getBean(SessionStore.class).find(id).orElseThrow(() -> new AssertionError("not in the store"));
    }

    @Test
    void counterIsKeptAcrossRequestsAsAnIntegerThroughTheCodec() {
        Visitor v = new Visitor(base);
        assertThat(v.get("/counter").body()).isEqualTo("1");
        String first = v.cookie;
        assertThat(first).isNotNull();
        assertThat(v.get("/counter").body()).isEqualTo("2");
        HttpResponse<String> third = v.get("/counter");
        assertThat(third.body()).isEqualTo("3");
        assertThat(Visitor.setCookieOf(third))
                .as("no new cookie while the ID stays")
                .isEmpty();
        assertThat(v.cookie).isEqualTo(first);
        assertThat(stored(first).attribute("count")).contains(AttributeCodec.MARK + "java.lang.Integer:3");
    }

    @Test
    void firstResponseSetsTheHostPrefixedCookieWithTheSafeDefaults() {
        Visitor v = new Visitor(base);
        v.get("/counter");
        assertThat(v.lastSetCookie)
                .startsWith("__Host-sid=" + v.cookie + ";")
                .contains("; Path=/")
                .contains("; Secure")
                .contains("; HttpOnly")
                .contains("; SameSite=Lax")
                .doesNotContain("Domain=");
        assertThat(v.cookie).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void signInRotatesTheIdAndTheOldCookieStopsWorking() {
        Visitor v = new Visitor(base);
        v.get("/counter");
        v.get("/counter");
        String before = v.cookie;
        v.signIn();
        String after = v.cookie;
        assertThat(after).isNotEqualTo(before);
        assertThat(v.get("/whoami").body()).isEqualTo("alice");
        assertThat(v.get("/counter").body())
                .as("the counter moved with the session")
                .isEqualTo("3");

        Visitor attacker = new Visitor(base);
        attacker.cookie = before;
        assertThat(attacker.get("/whoami").body()).isEqualTo("anonymous");
        assertThat(attacker.get("/counter").body())
                .as("the old ID gets a new session")
                .isEqualTo("1");
        assertThat(attacker.cookie).isNotEqualTo(before).isNotEqualTo(after);
        assertThat(app.getBean(SessionStore.class).find(before)).isEmpty();
    }

    @Test
    void twoConcurrentRequestsChangingDifferentAttributesBothKeepTheirChange() throws Exception {
        Visitor v = new Visitor(base);
        String csrf = v.csrfToken();
        Rendezvous.barrier = new CyclicBarrier(2);
        Map<String, String> header = Map.of(Rendezvous.HEADER, "1", "X-CSRF-Token", csrf);
        CompletableFuture<HttpResponse<String>> cart = CompletableFuture.supplyAsync(
                () -> v.at(base).post("/attribute", Map.of("name", "cart", "value", "book"), header));
        CompletableFuture<HttpResponse<String>> theme = CompletableFuture.supplyAsync(
                () -> v.at(base).post("/attribute", Map.of("name", "theme", "value", "dark"), header));
        assertThat(cart.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(theme.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(v.get("/attribute?name=cart").body()).isEqualTo("book");
        assertThat(v.get("/attribute?name=theme").body()).isEqualTo("dark");
    }

    @Test
    void signOutEndsTheSessionAndTheOldCookieGetsANewEmptySession() {
        Visitor v = new Visitor(base);
        String csrf = v.signIn();
        v.get("/counter");
        String signedIn = v.cookie;
        HttpResponse<String> out = v.post("/logout", Map.of("_csrf", csrf));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(Visitor.setCookieOf(out))
                .hasValueSatisfying(set -> assertThat(set)
                        .startsWith("__Host-sid=;")
                        .contains("Max-Age=0")
                        .contains("Secure")
                        .contains("Path=/"));
        assertThat(v.cookie).isNull();

        Visitor replay = new Visitor(base);
        replay.cookie = signedIn;
        assertThat(replay.get("/whoami").body()).isEqualTo("anonymous");
        assertThat(replay.get("/counter").body()).isEqualTo("1");
        assertThat(replay.cookie).isNotEqualTo(signedIn);
        assertThat(app.getBean(SessionStore.class).find(signedIn)).isEmpty();
    }

    @Test
    void postWithoutTheCsrfTokenIsRefused() {
        Visitor v = new Visitor(base);
        v.signIn();
        assertThat(v.post("/notes", Map.of("note", "forged")).statusCode()).isEqualTo(403);
        assertThat(v.post("/notes", Map.of("note", "forged", "_csrf", "x".repeat(43)))
                        .statusCode())
                .isEqualTo(403);
        assertThat(v.get("/").body()).doesNotContain("forged");
    }

    @Test
    void registeredRecordIsStoredAsTaggedJson() {
        Visitor v = new Visitor(base);
        String csrf = v.signIn();
        assertThat(v.post("/notes", Map.of("note", "milk \"2%\"", "_csrf", csrf))
                        .statusCode())
                .isEqualTo(303);
        assertThat(v.post("/notes", Map.of("note", "eggs", "_csrf", csrf)).statusCode())
                .isEqualTo(303);
        assertThat(v.get("/").body()).contains("<li>milk &quot;2%&quot;</li><li>eggs</li>");
        assertThat(stored(v.cookie).attribute("notes"))
                .contains(AttributeCodec.MARK
                        + "dev.sessionbench.spring.example.Notes:{\"items\":[\"milk \\\"2%\\\"\",\"eggs\"]}");
    }
}
