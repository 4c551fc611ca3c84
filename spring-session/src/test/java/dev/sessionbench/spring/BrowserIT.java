package dev.sessionbench.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sessionbench.spring.example.ExampleApp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
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

    static final Path CHROMIUM = Paths.get(System.getProperty("sessionbench.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER =
            Paths.get(System.getProperty("sessionbench.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Paths.get("target", "browser-screenshots");
    static final Duration PAGE_WAIT = Duration.ofSeconds(15);

    private ConfigurableApplicationContext app;
    private HttpServer otherSite;
    private Path profile;
    private WebDriver browser;
    private String base;
    private String crossSiteForm;
    private int step;

    @BeforeAll
    void start() throws IOException {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser test needs Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (missing: " + (Files.isExecutable(CHROMIUM) ? "" : "chromium ")
                        + (Files.isExecutable(CHROMEDRIVER) ? "" : "chromedriver")
                        + "); install them with: apt-get install chromium chromium-driver (.ci/run does so as root)");
        app = new SpringApplicationBuilder(ExampleApp.class)
                .run("--server.port=0", "--sessionbench.session.store-uri=memory:");
        // http://localhost is a secure context for Chromium, so it keeps a Secure, __Host- cookie without TLS
        base = ExampleAppScenarios.baseOf(app).toString().replaceAll("/$", "");

        // another site: 127.0.0.1 is not the same site as localhost
        otherSite = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String page = "<!doctype html><html><body><h1>Another site</h1><form id=\"evil\" method=\"post\" action=\""
                + base + "/notes\"><input name=\"note\" value=\"written by another site\"><button id=\"go\">Win a "
                + "prize</button></form></body></html>";
        otherSite.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        otherSite.start();
        crossSiteForm = "http://127.0.0.1:" + otherSite.getAddress().getPort() + "/";

        profile = Files.createTempDirectory("sessionbench-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1000,700",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (otherSite != null) {
            otherSite.stop(0);
        }
        if (app != null) {
            app.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void signInPostWithTokenCrossSiteRefusedSignOut() throws IOException {
        browser.get(base + "/");
        assertThat(text("status")).isEqualTo("Not signed in.");
        screenshot("home");

        browser.findElement(By.name("username")).sendKeys("alice");
        browser.findElement(By.name("password")).sendKeys("wonderland");
        screenshot("sign-in-form");
        Cookie anonymous = browser.manage().getCookieNamed(Visitor.COOKIE);
        browser.findElement(By.id("sign-in")).click();
        awaitStatus("Signed in as alice.");
        screenshot("signed-in");

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
        await(
                "the note is listed",
                () -> !browser.findElements(By.cssSelector("#notes li")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#notes li")))
                .extracting(e -> e.getText())
                .containsExactly("buy milk");
        screenshot("note-posted-with-token");

        Object status = ((JavascriptExecutor) browser)
                .executeAsyncScript("const done = arguments[0];"
                        + "fetch('/notes', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                        + " body: 'note=no+token'}).then(r => done(r.status), e => done(String(e)));");
        assertThat(status).as("a same-site POST without the token").isEqualTo(403L);

        browser.get(crossSiteForm);
        screenshot("cross-site-form");
        browser.findElement(By.id("go")).click();
        await("the refusal page", () -> browser.getPageSource().contains("status=403"));
        screenshot("cross-site-post-refused");
        browser.get(base + "/");
        assertThat(text("status")).isEqualTo("Signed in as alice.");
        assertThat(browser.findElements(By.cssSelector("#notes li")))
                .extracting(e -> e.getText())
                .containsExactly("buy milk");

        browser.findElement(By.id("sign-out")).click();
        awaitStatus("Not signed in.");
        Cookie after = browser.manage().getCookieNamed(Visitor.COOKIE);
        assertThat(after == null ? null : after.getValue()).isNotEqualTo(cookie.getValue());
        screenshot("signed-out");
        assertThat(SCREENSHOTS.resolve("spring-07-signed-out.png")).isNotEmptyFile();
    }

    /** Waits for the page a click navigated to: a form post returns before the next page is loaded. */
    private void awaitStatus(String expected) {
        await("status '" + expected + "'", () -> expected.equals(text("status")));
    }

    private void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + PAGE_WAIT.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (org.openqa.selenium.NoSuchElementException
                    | org.openqa.selenium.StaleElementReferenceException e) {
                // the next page is not there yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "waited " + PAGE_WAIT + " for " + what + "; the page is: " + browser.getPageSource());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(
                shot,
                SCREENSHOTS.resolve(String.format("spring-%02d-%s.png", ++step, name)),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
