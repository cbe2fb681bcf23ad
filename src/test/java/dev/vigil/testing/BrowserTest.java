package dev.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Smoke test of the browser harness: a real Chromium against a real HTTP server on loopback. */
class BrowserTest {
    private static final String PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>Smoke</title><link rel="icon" href="data:,"></head>
            <body>
              <input id="name"> <button id="go">Go</button>
              <p id="status">waiting</p>
              <script>
                document.getElementById('go').addEventListener('click', () => {
                  document.getElementById('status').textContent = 'hello ' + document.getElementById('name').value;
                });
                %s
              </script>
            </body></html>
            """;

    private static HttpServer server;
    private static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serve("/page", PAGE.formatted(""));
        serve("/noisy", PAGE.formatted("console.error('smoke: deliberate error');"));
        server.start();
        long t0 = System.nanoTime();
        browser = Browser.start();
        System.out.printf("browser start: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) browser.close();
        } finally {
            server.stop(0);
        }
    }

    private static void serve(String path, String html) {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void loads_a_page_and_runs_its_javascript() {
        long t0 = System.nanoTime();
        browser.open(url("/page"));
        System.out.printf("page load: %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        assertThat(browser.title()).isEqualTo("Smoke");
        assertThat(browser.text("#status")).isEqualTo("waiting");
        browser.type("#name", "vigil").click("#go").waitForText("#status", "hello vigil");
        assertThat(browser.text("#status")).isEqualTo("hello vigil");
        assertThat(browser.viewport()).containsExactly(1280, 900);
    }

    @Test
    void writes_a_png_screenshot() throws IOException {
        browser.open(url("/page"));
        Path file = browser.screenshot("browser-smoke");

        assertThat(file).isEqualTo(Path.of("target/screenshots/browser-smoke.png"));
        byte[] png = Files.readAllBytes(file);
        assertThat(png.length).isGreaterThan(1000);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    }

    @Test
    void reports_console_errors() {
        browser.clearConsole();
        browser.open(url("/page"));
        assertThat(browser.consoleErrors()).as("a clean page").isEmpty();

        browser.open(url("/noisy"));
        assertThat(browser.consoleErrors()).anySatisfy(e -> assertThat(e).contains("smoke: deliberate error"));
    }

    @Test
    void a_phone_has_a_phone_sized_viewport_and_leaves_nothing_behind() {
        Browser phone = Browser.phone();
        try {
            phone.open(url("/page"));
            assertThat(phone.viewport()).containsExactly(390, 844);
            assertThat(Browser.processesOf(phone.profile())).as("its Chromium").isNotEmpty();
        } finally {
            phone.close();
        }
        assertThat(Browser.processesOf(phone.profile())).isEmpty();
        assertThat(phone.profile()).doesNotExist();
    }

    @Test
    void says_what_to_install_when_chromium_is_missing() {
        assertThatThrownBy(() -> Browser.start(Path.of("/nonexistent/chromium"), Browser.CHROMEDRIVER, 800, 600, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/chromium")
                .hasMessageContaining("chromium-driver");
    }
}
