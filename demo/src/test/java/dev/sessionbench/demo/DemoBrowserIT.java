package dev.sessionbench.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
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
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

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

    static final Path CHROMIUM = Paths.get(System.getProperty("sessionbench.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER =
            Paths.get(System.getProperty("sessionbench.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Paths.get("target", "browser-screenshots");
    static final Duration PAGE_WAIT = Duration.ofSeconds(15);
    static final String COOKIE = "__Host-sid";

    private SessionStore store;
    private DemoServer server;
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
        SessionPolicy policy = DemoApp.policy();
        store = SessionStores.open("memory:", policy);
        server = new DemoServer(store, DemoApp.cookie(false, policy), 0);
        base = server.url().replaceAll("/$", "");

        // another site: localhost is not the same site as 127.0.0.1
        otherSite = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String page = "<!doctype html><html><body><h1>Another site</h1><form id=\"evil\" method=\"post\" action=\""
                + base + "/cart\"><input name=\"item\" value=\"stolen\"><button id=\"go\">Win a prize</button>"
                + "</form></body></html>";
        otherSite.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        otherSite.start();
        crossSiteForm = "http://localhost:" + otherSite.getAddress().getPort() + "/";

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
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void cartLoginCrossSiteFormRefusedLogout() throws IOException {
        browser.get(base + "/");
        assertThat(heading()).isEqualTo("Hello, anonymous");
        assertThat(browser.manage().getCookieNamed(COOKIE))
                .as("viewing a page stores no session")
                .isNull();
        screenshot("home");

        browser.findElement(By.cssSelector("form[action='/cart'] input[name='item']"))
                .sendKeys("apple");
        browser.findElement(By.cssSelector("form[action='/cart'] button")).click();
        await("the cart holds the item", () -> cart().equals("Your cart: apple"));
        screenshot("added-to-cart");

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
        await("the page of a logged-in user", () -> heading().equals("Hello, alice"));
        assertThat(cart()).isEqualTo("Your cart: apple");
        Cookie cookie = browser.manage().getCookieNamed(COOKIE);
        assertThat(cookie.getValue()).as("login rotated the ID").isNotEqualTo(visitor.getValue());
        assertThat(browser.findElements(By.tagName("li")))
                .extracting(e -> e.getText())
                .as("the user's sessions, by fingerprint")
                .anySatisfy(s -> assertThat(s).contains("(this one)").doesNotContain(cookie.getValue()));
        screenshot("logged-in");

        browser.get(crossSiteForm);
        screenshot("cross-site-form");
        browser.findElement(By.id("go")).click();
        await("the refusal", () -> browser.getPageSource().contains("forbidden: missing or wrong CSRF token"));
        screenshot("cross-site-post-refused");
        browser.get(base + "/");
        assertThat(heading()).isEqualTo("Hello, alice");
        assertThat(cart()).as("the other site's post added nothing").isEqualTo("Your cart: apple");

        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        await("the anonymous page", () -> heading().equals("Hello, anonymous"));
        assertThat(cart()).isEqualTo("Your cart: empty");
        Cookie after = browser.manage().getCookieNamed(COOKIE);
        assertThat(after == null ? null : after.getValue()).isNotEqualTo(cookie.getValue());
        assertThat(store.find(cookie.getValue())).as("the logged-out session").isEmpty();
        screenshot("logged-out");
        assertThat(SCREENSHOTS.resolve("demo-06-logged-out.png")).isNotEmptyFile();
    }

    private String heading() {
        return browser.findElement(By.tagName("h1")).getText();
    }

    private String cart() {
        return browser.findElement(By.tagName("p")).getText();
    }

    /** Waits for the page a click navigated to: a form post returns before the next page is loaded. */
    private void await(String what, BooleanSupplier condition) {
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

    private void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(
                shot,
                SCREENSHOTS.resolve(String.format("demo-%02d-%s.png", ++step, name)),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
