package dk.certflow.service;

import static dk.certflow.service.TestBundles.drop;
import static dk.certflow.service.TestBundles.dropSidecar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dk.certflow.json.Json;
import dk.certflow.pki.IssuedCertificate;
import dk.certflow.pki.SharedPki;
import dk.certflow.revocation.TestRevocationServer;
import dk.certflow.testing.LogCapture;
import dk.certflow.testing.TestHttpServer;
import dk.certflow.testing.TestHttpServer.Reply;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The operator's console in a real browser (Debian's headless Chromium) against the running service after a real flow:
 * a certificate superseded by its renewal, one close to its deadline, one whose WorkZone upload is stuck on HTTP 500,
 * and a bundle refused for its password. The management token is set, so the browser comes in through {@code ?token=}.
 *
 * <p>The screenshots go to {@code target/console/}; with {@code -Dconsole.screenshot.update=true} the desktop one also
 * replaces {@code docs/console.png}, the one the README shows.
 */
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String TOKEN = "console-token-4b1d8e2f9c3a7d60";
    private static final Path SCREENSHOTS = Path.of("target", "console");

    @TempDir
    static Path temp;
    private static TestRevocationServer ocsp;
    private static TestHttpServer workzone;
    private static RunningService service;
    private static LogCapture log;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String renewed;
    private static String superseded;
    private static String soon;
    private static String stuck;

    @BeforeAll
    static void runAFlow() throws Exception {
        requireChromium();
        log = new LogCapture();
        ocsp = new TestRevocationServer(SharedPki.test().issuing());
        // the first three uploads are taken, every later one fails with 500
        workzone = TestHttpServer.start().enqueue(Reply.status(201), Reply.status(201), Reply.status(201))
                .otherwise(Reply.text(500, "internal error"));
        Path tokenFile = temp.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        service = RunningService.start(temp.resolve("data"), RunningService.settings(
                "certflow.trust.ca-file", TestBundles.trustFile(temp).toString(),
                "certflow.oces.environment", "test",
                "certflow.drop.poll-interval", "200ms",
                "certflow.revocation.timeout", "2s",
                "certflow.workzone.base-url", workzone.uri("/wz").toString(),
                "certflow.delivery.attempts", "2",
                "certflow.delivery.backoff", "200ms",
                "certflow.outbox.retry-interval", "1h",
                "certflow.management.token-file", tokenFile.toString()), null);

        superseded = accept("kombit-2025", leaf("19435075", "KOMBIT Testorganisation", 300), "CVR");
        renewed = accept("kombit-2026", leaf("19435075", "KOMBIT Testorganisation", 1000), "CVR");
        soon = accept("nordhavn", leaf("34051178", "Nordhavn Data ApS", 40), "CVR");
        IssuedCertificate failing = leaf("19552101", "Ærøskøbing Forsyning A/S", 700);
        stuck = FlowTest.fingerprint(failing);
        dropBundle("aeroe", failing, "CVR kontakter", TestBundles.PASSWORD);
        await().atMost(PATIENCE).until(() -> workzone.requests().stream()
                .filter(r -> String.valueOf(r.header("Idempotency-Key")).startsWith(stuck)).count() >= 2);
        dropBundle("ledger", leaf("19552101", "Ærøskøbing Forsyning A/S", 500), "CVR", "not-the-password");
        await().atMost(PATIENCE).until(() -> TestBundles.exists(service.data().resolve("rejected"), "ledger", 1));
        await().atMost(PATIENCE).until(() -> page().contains("HTTP 500"));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (workzone != null) {
            workzone.close();
        }
        if (ocsp != null) {
            ocsp.close();
        }
        if (log != null) {
            log.close();
        }
    }

    @Test
    void theConsoleShowsTheCertificatesTheirDeadlinesARefusalAndAStuckDelivery() throws Exception {
        WebDriver browser = browser();
        try {
            browser.get(base() + "/");
            assertThat(browser.findElement(By.tagName("body")).getText()).as("without the token").contains("management token is needed");
            browser.get(base() + "/?token=" + TOKEN);
            assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").isEqualTo(base() + "/");
            assertThat(browser.getTitle()).endsWith("need you · certflow");

            String summary = browser.findElement(By.id("summary")).getText();
            assertThat(summary).contains("need you", "CVR 34051178 · CVR: certificate and authorization expire in 40 days",
                    "Delivery to workzone for CVR 19552101 · CVR kontakter is stuck after 2 attempts", "ledger.p12 was refused (PASSWORD_INCORRECT)");

            List<WebElement> rows = browser.findElements(By.cssSelector("#certificates tbody tr"));
            assertThat(rows).extracting(r -> r.getAttribute("data-fingerprint")).as("current ones soonest deadline first, then the superseded")
                    .containsExactly(soon, stuck, renewed, superseded);
            assertThat(rows.get(0).getText()).contains("Nordhavn Data ApS", "CVR 34051178", "40", "certificate and authorization", "uploaded", "good", "current");
            assertThat(rows.get(1).getText()).contains("Ærøskøbing Forsyning A/S", "CVR kontakter", "pending", "authorization");
            assertThat(rows.get(3).getAttribute("class")).contains("superseded");
            assertThat(rows.get(3).getText()).contains(renewed.substring(0, 12));
            assertThat(rows.get(0).findElement(By.cssSelector("td[data-label='Fingerprint'] code")).getAttribute("title")).isEqualTo(soon);

            List<WebElement> lanes = browser.findElements(By.cssSelector("#timeline svg g.row"));
            assertThat(lanes).extracting(l -> l.getAttribute("data-fingerprint")).containsExactly(soon, stuck, renewed);
            for (WebElement lane : lanes) {
                assertThat(lane.findElements(By.cssSelector("circle.certificate"))).hasSize(1);
                assertThat(lane.findElements(By.cssSelector("path.authorization"))).hasSize(1);
            }
            assertThat(lanes.get(0).findElement(By.cssSelector("circle.certificate")).getAttribute("class")).contains("soon");
            assertThat(browser.findElements(By.cssSelector("#timeline line.threshold"))).hasSize(6);
            assertThat(browser.findElements(By.cssSelector("#timeline line.today"))).hasSize(1);

            String deliveries = browser.findElement(By.id("deliveries")).getText();
            assertThat(deliveries).contains("workzone", "CVR 19552101 · CVR kontakter", "pending", "HTTP 500: internal error");
            String refusals = browser.findElement(By.id("refusals")).getText();
            assertThat(refusals).contains("ledger.p12", "PASSWORD_INCORRECT",
                    "Use the password MitID Erhverv showed at download");
            String health = browser.findElement(By.id("health")).getText();
            assertThat(health).contains("database up", "drop-folder up", "outbox up", "Data folder");

            String html = browser.getPageSource();
            assertThat(html).doesNotContain(TOKEN, TestBundles.PASSWORD, "not-the-password");
            assertThat(log.events()).as("the log").allSatisfy(event ->
                    assertThat(event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                            : ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(event.getThrowableProxy()))).doesNotContain(TOKEN));
            Path desktop = screenshot(browser, "console.png");
            if (Boolean.getBoolean("console.screenshot.update")) {
                Files.copy(desktop, Path.of("docs", "console.png"), StandardCopyOption.REPLACE_EXISTING);
            }

            // on a phone: the tables become cards and nothing but the timeline needs sideways scrolling
            browser.manage().window().setSize(new Dimension(390, 844));
            assertThat(browser.findElement(By.cssSelector("#certificates thead")).isDisplayed()).isFalse();
            JavascriptExecutor js = (JavascriptExecutor) browser;
            assertThat((Long) js.executeScript("return document.documentElement.scrollWidth"))
                    .isLessThanOrEqualTo((Long) js.executeScript("return window.innerWidth"));
            screenshot(browser, "console-phone.png");
            WebElement timeline = browser.findElement(By.cssSelector("svg.timeline"));
            assertThat(timeline.getRect().getWidth()).as("the timeline keeps its size and scrolls sideways").isGreaterThanOrEqualTo(640);
        } finally {
            browser.quit();
        }
    }

    private static String accept(String name, IssuedCertificate leaf, String profile) throws Exception {
        String fingerprint = FlowTest.fingerprint(leaf);
        dropBundle(name, leaf, profile, TestBundles.PASSWORD);
        await().atMost(PATIENCE).until(() -> certificate(fingerprint) != null
                && certificate(fingerprint).path("upload").asText().equals("uploaded")
                && certificate(fingerprint).at("/revocation/status").asText().equals("good"));
        return fingerprint;
    }

    private static void dropBundle(String name, IssuedCertificate leaf, String profile, String password) throws Exception {
        dropSidecar(service.drop(), name + ".properties", "password=" + password, "profile=" + profile);
        drop(service.drop(), name + ".p12", TestBundles.pkcs12(leaf, temp, TestBundles.PASSWORD));
    }

    private static IssuedCertificate leaf(String cvr, String organisation, int days) {
        Instant now = Instant.now();
        return SharedPki.test().leaf().cvr(cvr).organisation(organisation).keyPair(SharedPki.leafKey())
                .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(days)).plusSeconds(3600))
                .revocationUrls(ocsp.ocspUrl(), ocsp.crlUrl()).issue();
    }

    private static JsonNode certificate(String fingerprint) throws Exception {
        for (JsonNode c : Json.mapper().readTree(get("/api/certificates"))) {
            if (c.path("fingerprint").asText().equals(fingerprint)) {
                return c;
            }
        }
        return null;
    }

    private static String page() throws Exception {
        return get("/");
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static String base() {
        return "http://127.0.0.1:" + service.port();
    }

    /** Like the interop matrix: skipped on a machine without Chromium, a failure under CI=true (.ci/run installs it). */
    private static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if ("true".equals(System.getenv("CI"))) {
            if (!present) {
                fail("chromium and chromium-driver are not installed (CI=true: .ci/run installs them)");
            }
        } else {
            assumeTrue(present, "chromium and chromium-driver are not installed");
        }
    }

    /** Debian's Chromium and its driver, named explicitly so Selenium never looks for (or downloads) others. */
    private static WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-GB", "--hide-scrollbars");
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(driver, options);
    }

    /** The whole page: the window is made as tall as the page first. */
    private static Path screenshot(WebDriver browser, String name) throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        Dimension size = browser.manage().window().getSize();
        long height = (Long) js.executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(size.getWidth(), (int) height + 140));
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = SCREENSHOTS.resolve(name);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(size);
        return target;
    }
}
