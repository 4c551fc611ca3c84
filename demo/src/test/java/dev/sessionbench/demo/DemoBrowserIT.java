package dev.sessionbench.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.fixtures.browser.HeadlessChromium;
import dev.sessionbench.fixtures.browser.OnePageSite;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The demo in a real browser, with its production cookie ({@code __Host-sid}, Secure) over plain http on
 * 127.0.0.1, which Chromium treats as a secure origin: headless Chromium through Selenium, using the installed
 * chromium and chromedriver only (nothing is downloaded). Adds to the cart as a visitor (the first form post starts
 * the session), checks the cookie the browser stored, logs in (a new ID), submits a form from another site without
 * the CSRF token, and logs out, writing a screenshot of each step to target/browser-screenshots/.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoBrowserIT {

    static final String COOKIE = "__Host-sid";

    @AutoClose
    private SessionStore store;

    @AutoClose
    private DemoServer server;

    @AutoClose
    private OnePageSite otherSite;

    @AutoClose
    private HeadlessChromium chromium;

    private WebDriver browser;
    private String base;
    private String crossSiteForm;

    @BeforeAll
    void start() throws IOException {
        Optional<String> unavailable = HeadlessChromium.whyUnavailable();
        assumeTrue(unavailable.isEmpty(), unavailable::get);
        SessionPolicy policy = DemoApp.policy();
        store = SessionStores.open("memory:", policy);
        server = new DemoServer(store, DemoApp.cookie(false, policy), 0);
        base = server.url().replaceAll("/$", "");

        // another site: localhost is not the same site as 127.0.0.1
        otherSite = OnePageSite.formPostingTo(base + "/cart", "item", "stolen");
        crossSiteForm = otherSite.url("localhost");

        chromium = HeadlessChromium.start("demo");
        browser = chromium.driver();
    }

    @Test
    void cartLoginCrossSiteFormRefusedLogout() throws IOException {
        browser.get(base + "/");
        assertThat(heading()).isEqualTo("Hello, anonymous");
        assertThat(browser.manage().getCookieNamed(COOKIE))
                .as("viewing a page stores no session")
                .isNull();
        chromium.screenshot("home");

        browser.findElement(By.cssSelector("form[action='/cart'] input[name='item']"))
                .sendKeys("apple");
        browser.findElement(By.cssSelector("form[action='/cart'] button")).click();
        chromium.await("the cart holds the item", () -> cart().equals("Your cart: apple"));
        chromium.screenshot("added-to-cart");

        Cookie visitor = browser.manage().getCookieNamed(COOKIE);
        assertThat(visitor).as("the first form post started a session").isNotNull();
        assertThat(visitor.isSecure()).isTrue();
        assertThat(visitor.isHttpOnly()).isTrue();
        assertThat(visitor.getSameSite()).isEqualTo("Lax");
        assertThat(visitor.getPath()).isEqualTo("/");
        Object visibleToScripts = ((JavascriptExecutor) browser).executeScript("return document.cookie");
        assertThat(String.valueOf(visibleToScripts)).as("document.cookie").doesNotContain(COOKIE);

        browser.findElement(By.cssSelector("form[action='/login'] input[name='username']"))
                .sendKeys("alice");
        browser.findElement(By.cssSelector("form[action='/login'] button")).click();
        chromium.await("the page of a logged-in user", () -> heading().equals("Hello, alice"));
        assertThat(cart()).isEqualTo("Your cart: apple");
        Cookie cookie = browser.manage().getCookieNamed(COOKIE);
        assertThat(cookie.getValue()).as("login rotated the ID").isNotEqualTo(visitor.getValue());
        assertThat(browser.findElements(By.tagName("li")))
                .extracting(e -> e.getText())
                .as("the user's sessions, by fingerprint")
                .anySatisfy(s -> assertThat(s).contains("(this one)").doesNotContain(cookie.getValue()));
        chromium.screenshot("logged-in");

        browser.get(crossSiteForm);
        chromium.screenshot("cross-site-form");
        browser.findElement(By.id("go")).click();
        chromium.await("the refusal", () -> browser.getPageSource().contains("forbidden: missing or wrong CSRF token"));
        chromium.screenshot("cross-site-post-refused");
        browser.get(base + "/");
        assertThat(heading()).isEqualTo("Hello, alice");
        assertThat(cart()).as("the other site's post added nothing").isEqualTo("Your cart: apple");

        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        chromium.await("the anonymous page", () -> heading().equals("Hello, anonymous"));
        assertThat(cart()).isEqualTo("Your cart: empty");
        Cookie after = browser.manage().getCookieNamed(COOKIE);
        assertThat(after == null ? null : after.getValue()).isNotEqualTo(cookie.getValue());
        assertThat(store.find(cookie.getValue())).as("the logged-out session").isEmpty();
        chromium.screenshot("logged-out");
        assertThat(HeadlessChromium.SCREENSHOTS.resolve("demo-06-logged-out.png"))
                .isNotEmptyFile();
    }

    private String heading() {
        return browser.findElement(By.tagName("h1")).getText();
    }

    private String cart() {
        return browser.findElement(By.tagName("p")).getText();
    }
}
