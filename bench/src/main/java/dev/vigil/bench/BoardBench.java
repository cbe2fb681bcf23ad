package dev.vigil.bench;

import dev.vigil.app.Vigil;
import dev.vigil.domain.Project;
import dev.vigil.domain.Status;
import dev.vigil.store.JobStore;
import dev.vigil.store.sql.ListProbe;
import dev.vigil.web.ui.BoardProbe;
import dev.vigil.web.ui.BoardView;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The dashboard board of one project with 10,000 jobs ({@code GET /ui/p/{project}}): how long the
 * server takes to answer it, measured as whole HTTP requests from a logged-in client on 127.0.0.1,
 * and the server's steps (read, view, render) one at a time in-process.
 *
 * <p>Vigil runs in this process ({@link Vigil#start}, embedded agent off) on a fresh embedded SQLite
 * store, then on an embedded PostgreSQL ({@code --db sqlite|postgres} for one). The jobs ({@link BoardJobs}) are
 * defined and pinged through the REST API and the ping URLs, so their states are the product's own.
 */
final class BoardBench {
    private BoardBench() {}

    private static final String PROJECT = "board";
    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** One measured request shape. */
    private record Variant(String name, String query, boolean gzip) {}

    static void run(Options o) throws Exception {
        Path work = Files.createDirectories(Path.of(o.text("work", "target/work")).toAbsolutePath());
        System.out.println("# board: dashboard board render; " + Machine.describe() + "; max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB; load average before: " + Machine.loadAverage());
        EmbeddedPostgres pg = null;
        try {
            int phase = 0;
            for (String db : o.text("db", "sqlite,postgres").split(",")) {
                if (db.equals("postgres") && pg == null) pg = Db.startPostgres(work, "on", false);
                String reuse = o.text("reuse", null); // --reuse DIR: SQLite only; fill DIR once, keep it, measure again
                one(o, work, reuse != null && db.equals("sqlite")
                        ? new Db("sqlite", null, null, null, Files.createDirectories(Path.of(reuse).toAbsolutePath()))
                        : Db.database(db, pg, work, "board" + phase++), reuse != null);
            }
        } finally {
            if (pg != null) pg.close();
        }
        System.out.println("load average after: " + Machine.loadAverage());
    }

    private static void one(Options o, Path work, Db db, boolean keep) throws Exception {
        int jobs = o.integer("jobs", 10_000);
        int warmup = o.integer("warmup", 30);
        int requests = o.integer("requests", 200);
        System.out.printf("## %s, %,d jobs%n", db.kind(), jobs);
        Vigil vigil = Vigil.start(db.config(), Clock.systemUTC());
        try {
            Api api = new Api(vigil.port(), Db.ADMIN);
            BoardJobs mix = new BoardJobs(api, PROJECT, jobs, o.integer("parallel", 32));
            boolean filled = vigil.store().read(tx -> tx.projects().bySlug(PROJECT)).isPresent();
            if (!filled) {
                api.send("POST", "/api/v1/projects", "{\"slug\": \"" + PROJECT + "\", \"name\": \"Board bench\"}", 201);
                mix.defineAndReport();
            } else {
                System.out.println("  reusing the jobs in " + db.dataDir());
            }
            Project project = vigil.store().read(tx -> tx.projects().bySlug(PROJECT)).orElseThrow();
            try (BoardProbe probe = new BoardProbe(vigil, project)) {
                mix.awaitSettled(probe, filled ? Duration.ZERO : Duration.ofSeconds(o.integer("settle-seconds", 120)));
                HttpClient http = login(vigil.port());
                String base = "http://127.0.0.1:" + vigil.port() + "/ui/p/" + PROJECT;
                String q = o.text("q", "billing");
                List<Variant> variants = List.of(new Variant("page", "", true), new Variant("page-identity", "", false),
                        new Variant("fragment", "?fragment=1", true), new Variant("status=failed", "?status=failed", true),
                        new Variant("q=" + q, "?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), true));
                jdk.jfr.Recording jfr = o.flag("profile") ? startJfr() : null;
                Path dump = o.flag("dump") ? work : null; // --dump: keep each variant's HTML in the work directory
                measure(http, base, variants, db.kind(), warmup, requests, dump);
                if (jfr != null) {
                    Path file = work.resolve("board-" + db.kind() + ".jfr");
                    jfr.dump(file);
                    jfr.close();
                    System.out.println("  JFR of the HTTP phase: " + file + " (summarise with Main jfr-top --file …)");
                }
                steps(probe, db, project.id(), q, o.integer("step-warmup", 20), o.integer("steps", 100));
            }
        } finally {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Vigil.class.getPackageName()))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
            vigil.close();
            if (!keep) PingBench.deleteTree(db.dataDir());
        }
    }

    private static jdk.jfr.Recording startJfr() throws Exception {
        jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        r.start();
        return r;
    }

    /** The login form's CSRF token and cookie, then the form: a client holding a {@code vigil_session} cookie. */
    private static HttpClient login(int port) throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://127.0.0.1:" + port;
        String form = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = HIDDEN_CSRF.matcher(form);
        if (!m.find()) throw new IllegalStateException("no _csrf field on the login page");
        String body = "_csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8) + "&key="
                + URLEncoder.encode(Db.ADMIN, StandardCharsets.UTF_8) + "&next=%2Fui";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        boolean session = cookies.getCookieStore().getCookies().stream().anyMatch(c -> c.getName().equals("vigil_session"));
        if (r.statusCode() != 302 || !session) throw new IllegalStateException("login answered " + r.statusCode() + ": " + r.body());
        return http;
    }

    /**
     * Warm-up, then {@code n} rounds of one request per variant in turn, one at a time (so that every
     * variant sees the same load from the rest of the machine); each timed from send to the last byte.
     */
    private static void measure(HttpClient http, String base, List<Variant> variants, String db, int warmup, int n, Path dump)
            throws Exception {
        List<HttpRequest> requests = variants.stream().map(v -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + v.query())).GET();
            if (v.gzip()) b.header("Accept-Encoding", "gzip"); // as a browser asks
            return b.build();
        }).toList();
        List<Latencies> lat = variants.stream().map(v -> new Latencies()).toList();
        List<HttpResponse<byte[]>> last = new ArrayList<>(Collections.nCopies(variants.size(), null));
        for (int i = 0; i < warmup + n; i++) {
            for (int k = 0; k < variants.size(); k++) {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = http.send(requests.get(k), HttpResponse.BodyHandlers.ofByteArray());
                long t = System.nanoTime() - t0;
                if (r.statusCode() != 200) throw new IllegalStateException(variants.get(k).name() + " answered " + r.statusCode());
                if (i >= warmup) lat.get(k).record(t);
                last.set(k, r);
            }
        }
        for (int k = 0; k < variants.size(); k++) {
            Variant v = variants.get(k);
            HttpResponse<byte[]> r = last.get(k);
            String encoding = r.headers().firstValue("Content-Encoding").orElse("identity");
            byte[] html = encoding.equals("gzip") ? new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes() : r.body();
            String text = new String(html, StandardCharsets.UTF_8);
            if (dump != null) Files.writeString(dump.resolve("board-" + db + "-" + v.name().replaceAll("[^a-z0-9=-]", "_") + ".html"), text);
            System.out.printf("RESULT board-http db=%s %-16s %s; %,d B on the wire (%s), %,d B of HTML, %,d rows%n", db, v.name(),
                    lat.get(k).summary(), r.body().length, encoding, html.length, count(text, "<tr class=\"job "));
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }

    /** The server's steps alone, in this process: read, view, render; and the query alone on a plain connection. */
    private static void steps(BoardProbe probe, Db db, long projectId, String q, int warmup, int n) throws Exception {
        List<JobStore.Summary> jobs = probe.read();
        BoardView all = probe.view(jobs, null, null);
        time(db, "read (allJobs: SQL + mapping)", warmup, n, probe::read);
        time(db, "view (BoardView.of, all)", warmup, n, () -> probe.view(jobs, null, null));
        time(db, "render fragment (all)", warmup, n, () -> probe.fragment(all));
        time(db, "render page (all)", warmup, n, () -> probe.page(all));
        BoardView failed = probe.view(jobs, Status.FAILED, null);
        time(db, "view+page status=failed", warmup, n, () -> probe.page(probe.view(jobs, Status.FAILED, null)));
        time(db, "view+page q=" + q, warmup, n, () -> probe.page(probe.view(jobs, null, q)));
        System.out.printf("  rows: all %,d, failed %,d%n", all.rows().size(), failed.rows().size());
        byte[] html = probe.pageBytes(all);
        for (int level : new int[] {6, 3, 1}) { // Javalin's default, Vigil's (WebServer), the fastest
            long[] size = new long[1];
            time(db, "gzip level " + level + " of the page", warmup, n, () -> size[0] = gzip(html, level));
            System.out.printf("  gzip level %d: %,d B -> %,d B%n", level, html.length, size[0]);
        }
        try (Connection c = db.connect()) {
            time(db, "query alone, rows stepped", warmup, n, () -> unchecked(() -> ListProbe.step(c, projectId)));
            time(db, "query + every column read", warmup, n, () -> unchecked(() -> ListProbe.readColumns(c, projectId)));
        }
    }

    /** Compressed size; written as Javalin does: 32 KiB pieces into a GZIPOutputStream (512-byte buffer). */
    private static long gzip(byte[] data, int level) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream(data.length / 8);
        try (GZIPOutputStream out = new GZIPOutputStream(sink) {
            { def.setLevel(level); }
        }) {
            for (int i = 0; i < data.length; i += 32_768) out.write(data, i, Math.min(32_768, data.length - i));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return sink.size();
    }

    private static void time(Db db, String what, int warmup, int n, Supplier<?> step) {
        Latencies lat = new Latencies();
        for (int i = 0; i < warmup + n; i++) {
            long t0 = System.nanoTime();
            step.get();
            if (i >= warmup) lat.record(System.nanoTime() - t0);
        }
        System.out.printf("RESULT board-step db=%s %-32s %s%n", db.kind(), what, lat.summary());
    }

    private interface SqlCall<T> {
        T call() throws Exception;
    }

    private static <T> T unchecked(SqlCall<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
