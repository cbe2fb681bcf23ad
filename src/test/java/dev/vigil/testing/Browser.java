package dev.vigil.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium, driven through ChromeDriver, for browser tests of the dashboard.
 *
 * <p>Uses Debian's {@code chromium} and {@code chromium-driver} at {@code /usr/bin} (installed by
 * {@code .ci/run}); never Selenium Manager, which would try to download a driver. Each browser has
 * a fresh profile in a temporary directory, deleted on {@link #close}. Close it in a
 * try-with-resources block; a shutdown hook quits any browser a test left open.
 *
 * <pre>{@code
 * try (Browser browser = Browser.start()) {
 *     browser.open(server.url("/"));
 *     browser.click("#refresh");
 *     assertThat(browser.waitFor("#jobs tr").getText()).contains("nightly-backup");
 *     assertThat(browser.consoleErrors()).isEmpty();
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** The flags known to work on these machines (as root, with no network but loopback). */
    static final List<String> FLAGS = List.of(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Set<Browser> OPEN = ConcurrentHashMap.newKeySet();
    /** Held strongly: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        // Selenium logs through java.util.logging. With no selenium-devtools-vNNN module on the
        // class path it warns at each start "Unable to find CDP implementation matching 150"; the
        // harness uses WebDriver only, never Selenium's CDP API, so that one logger is silenced.
        CDP_LOG.setLevel(Level.SEVERE);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(b -> quietly(b::close)), "browser-cleanup"));
    }

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;
    private final List<LogEntry> console = new ArrayList<>();
    private boolean closed;

    private Browser(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** A desktop browser whose pages see a 1280×900 viewport. */
    public static Browser start() {
        return start(1280, 900);
    }

    /** A desktop browser whose pages see a {@code width}×{@code height} viewport (CSS pixels, 1 per device pixel). */
    public static Browser start(int width, int height) {
        return start(CHROMIUM, CHROMEDRIVER, width, height, false);
    }

    /**
     * A phone: a 390×844 viewport (an iPhone 12–15's) at one device pixel per CSS pixel, emulated
     * as a mobile touch device, so a page without {@code <meta name="viewport">} is laid out 980
     * pixels wide and shrunk, as a phone would. The user agent stays desktop Chromium's.
     */
    public static Browser phone() {
        return start(CHROMIUM, CHROMEDRIVER, 390, 844, true);
    }

    static Browser start(Path chromium, Path chromedriver, int width, int height, boolean mobile) {
        requireExecutable(chromium);
        requireExecutable(chromedriver);
        Path profile;
        try {
            profile = Files.createTempDirectory("vigil-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        // A headless window's viewport is smaller than the window (500 pixels wide at least, and
        // 143 less in height for the browser's own bars), so the viewport is set by emulation.
        options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics", Map.of(
                "width", width, "height", height, "pixelRatio", 1.0, "mobile", mobile, "touch", mobile)));
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                // chromedriver's and Chromium's own output (Debian's launcher script is chatty).
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        ChromeDriver driver = null;
        try {
            driver = new ChromeDriver(service, options);
            Browser browser = new Browser(service, driver, profile);
            OPEN.add(browser);
            return browser;
        } catch (RuntimeException | Error e) {
            if (driver != null) quietly(driver::quit);
            quietly(service::stop);
            quietly(() -> deleteTree(profile));
            throw e;
        }
    }

    private static void requireExecutable(Path path) {
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is missing: browser tests need Debian's chromium and"
                    + " chromium-driver packages (apt-get install chromium chromium-driver, as .ci/run does)");
        }
    }

    /** The underlying driver, for anything the helpers below don't cover. */
    public WebDriver driver() {
        return driver;
    }

    /** Loads {@code url} and waits for the page's load event. */
    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public String title() {
        return driver.getTitle();
    }

    /** The first element matching the CSS selector; fails at once if there is none. */
    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * The visible text of the first element matching {@code css}. A live page may replace the
     * element between finding and reading it; then it is found again.
     */
    public String text(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                return find(css).getText();
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) throw e;
            }
        }
    }

    /** Waits until the element is clickable (up to {@link #DEFAULT_WAIT}), then clicks it. */
    public Browser click(String css) {
        waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector(css)), DEFAULT_WAIT).click();
        return this;
    }

    /** Clears the field and types {@code text} into it, key by key. */
    public Browser type(String css, String text) {
        WebElement field = waitFor(css);
        field.clear();
        field.sendKeys(text);
        return this;
    }

    /** Waits up to {@link #DEFAULT_WAIT} for an element matching {@code css} to be visible. */
    public WebElement waitFor(String css) {
        return waitFor(css, DEFAULT_WAIT);
    }

    public WebElement waitFor(String css, Duration timeout) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)), timeout);
    }

    /** Waits for any condition ({@link ExpectedConditions} has many), returning its first non-null, non-false value. */
    public <T> T waitFor(ExpectedCondition<T> condition, Duration timeout) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50)).until(condition);
    }

    /** Waits up to {@link #DEFAULT_WAIT} until the element's text contains {@code text}. */
    public Browser waitForText(String css, String text) {
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text), DEFAULT_WAIT);
        return this;
    }

    /** Runs JavaScript in the page; {@code arguments[i]} are the args. */
    public Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** The page's layout viewport, in CSS pixels: {@code [window.innerWidth, window.innerHeight]}. */
    public long[] viewport() {
        List<?> size = (List<?>) script("return [window.innerWidth, window.innerHeight]");
        return new long[] {((Number) size.get(0)).longValue(), ((Number) size.get(1)).longValue()};
    }

    /** Marks the page: the mark survives live updates (htmx swaps) but not a reload. */
    public void mark() {
        script("window.__notReloaded = true;");
    }

    /** Whether the page marked by {@link #mark()} is still the one shown. */
    public boolean stillMarked() {
        return Boolean.TRUE.equals(script("return window.__notReloaded === true;"));
    }

    /** Writes a PNG of the viewport to {@code target/screenshots/<name>.png} and returns its path. */
    public Path screenshot(String name) {
        if (!SAFE_NAME.matcher(name).matches()) throw new IllegalArgumentException("screenshot name: " + name);
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets the console entries so far, so that {@link #consoleErrors} reports only later ones. */
    public synchronized void clearConsole() {
        driver.manage().logs().get(LogType.BROWSER);
        console.clear();
    }

    /**
     * Everything the pages logged to the console since the browser started, as "LEVEL message"
     * ({@code console.log} is INFO, {@code console.warn} WARNING, {@code console.error}, uncaught
     * exceptions and failed resource loads SEVERE).
     */
    public synchronized List<String> consoleLog() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        return console.stream().map(e -> e.getLevel() + " " + e.getMessage()).toList();
    }

    /**
     * The SEVERE console entries since the browser started: {@code console.error} calls, uncaught
     * exceptions, and resources that failed to load (a missing favicon counts).
     */
    public synchronized List<String> consoleErrors() {
        consoleLog();
        return console.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /**
     * Quits Chromium and chromedriver, kills any Chromium process left behind, and deletes the
     * profile. Safe to call more than once.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        OPEN.remove(this);
        try {
            driver.quit();
        } finally {
            try {
                service.stop(); // normally already stopped by quit(); makes sure when quit() failed
            } finally {
                // A Chromium whose chromedriver died is orphaned, not ended: find it by its profile.
                processesOf(profile).forEach(ProcessHandle::destroyForcibly);
                deleteTree(profile);
            }
        }
    }

    /** This browser's profile directory (deleted on close). */
    Path profile() {
        return profile;
    }

    /** The live processes started with {@code --user-data-dir=<profile>}: a browser's Chromium and its helpers. */
    static List<ProcessHandle> processesOf(Path profile) {
        String flag = "--user-data-dir=" + profile;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(flag)).orElse(false))
                .toList();
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a file Chromium is still writing may vanish under the walk.
        }
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // Cleanup after a failed start or at JVM exit: nothing better to do with the failure.
        }
    }
}
