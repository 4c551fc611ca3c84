package dev.sessionbench.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessionbench.fixtures.browser.HeadlessChromium;
import dev.sessionbench.fixtures.browser.OnePageSite;
import dev.sessionbench.spring.example.ExampleApp;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example application in a real browser: headless Chromium through Selenium, using the installed chromium and
 * chromedriver only (Selenium Manager is not on the classpath, so nothing is downloaded). Signs in, checks the
 * cookie the browser stored, posts a form with its CSRF token, submits a cross-site form without one, signs out,
 * and writes a screenshot of each step to target/browser-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserIT {

    @AutoClose
    private ConfigurableApplicationContext app;

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
        app = new SpringApplicationBuilder(ExampleApp.class)
                .run("--server.port=0", "--sessionbench.session.store-uri=memory:");
        // http://localhost is a secure context for Chromium, so it keeps a Secure, __Host- cookie without TLS
        base = ExampleAppScenarios.baseOf(app).toString().replaceAll("/$", "");

        // another site: 127.0.0.1 is not the same site as localhost
        otherSite = OnePageSite.formPostingTo(base + "/notes", "note", "written by another site");
        crossSiteForm = otherSite.url("127.0.0.1");

        chromium = HeadlessChromium.start("spring");
        browser = chromium.driver();
    }

    @Test
    void signInPostWithTokenCrossSiteRefusedSignOut() throws IOException {
        browser.get(base + "/");
        assertThat(text("status")).isEqualTo("Not signed in.");
        chromium.screenshot("home");

        browser.findElement(By.name("username")).sendKeys("alice");
        browser.findElement(By.name("password")).sendKeys("wonderland");
        chromium.screenshot("sign-in-form");
        Cookie anonymous = browser.manage().getCookieNamed(Visitor.COOKIE);
        browser.findElement(By.id("sign-in")).click();
        awaitStatus("Signed in as alice.");
        chromium.screenshot("signed-in");

        Cookie cookie = browser.manage().getCookieNamed(Visitor.COOKIE);
        assertThat(cookie).as("the browser kept the __Host- cookie").isNotNull();
        assertThat(cookie.getValue()).as("sign-in rotated the ID").isNotEqualTo(anonymous.getValue());
        assertThat(cookie.isSecure()).isTrue();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Lax");
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.getDomain()).isEqualTo("localhost");
        Object visibleToScripts = ((JavascriptExecutor) browser).executeScript("return document.cookie");
        assertThat(String.valueOf(visibleToScripts)).as("document.cookie").doesNotContain(Visitor.COOKIE);

        browser.findElement(By.name("note")).sendKeys("buy milk");
        browser.findElement(By.id("add")).click();
        chromium.await(
                "the note is listed",
                () -> !browser.findElements(By.cssSelector("#notes li")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#notes li")))
                .extracting(e -> e.getText())
                .containsExactly("buy milk");
        chromium.screenshot("note-posted-with-token");

        Object status = ((JavascriptExecutor) browser)
                .executeAsyncScript("const done = arguments[0];"
                        + "fetch('/notes', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                        + " body: 'note=no+token'}).then(r => done(r.status), e => done(String(e)));");
        assertThat(status).as("a same-site POST without the token").isEqualTo(403L);

        browser.get(crossSiteForm);
        chromium.screenshot("cross-site-form");
        browser.findElement(By.id("go")).click();
        chromium.await("the refusal page", () -> browser.getPageSource().contains("status=403"));
        chromium.screenshot("cross-site-post-refused");
        browser.get(base + "/");
        assertThat(text("status")).isEqualTo("Signed in as alice.");
        assertThat(browser.findElements(By.cssSelector("#notes li")))
                .extracting(e -> e.getText())
                .containsExactly("buy milk");

        browser.findElement(By.id("sign-out")).click();
        awaitStatus("Not signed in.");
        Cookie after = browser.manage().getCookieNamed(Visitor.COOKIE);
        assertThat(after == null ? null : after.getValue()).isNotEqualTo(cookie.getValue());
        chromium.screenshot("signed-out");
        assertThat(HeadlessChromium.SCREENSHOTS.resolve("spring-07-signed-out.png"))
                .isNotEmptyFile();
    }

    /** Waits for the page a click navigated to: a form post returns before the next page is loaded. */
    private void awaitStatus(String expected) {
        chromium.await("status '" + expected + "'", () -> expected.equals(text("status")));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }
}
