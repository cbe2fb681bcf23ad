package dev.vigil.cli.run;

import dev.vigil.domain.VigilException;
import dev.vigil.schedule.Durations;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What {@code vigil run} was asked to do, resolved from its flags and the environment (flags win).
 * Every mistake is a {@link VigilException} with code {@code usage} and a message saying what to do.
 *
 * @param reporter    where reports go; null only for {@code --flush} without a job
 * @param credentials the API key and its server, also for {@code --flush} (null if none given)
 * @param timeout     null: no limit
 */
record Settings(Reporter reporter, Delivery.Credentials credentials, Duration timeout, Path spoolDir, int tailBytes,
                List<String> command, boolean flush) {

    static final int DEFAULT_TAIL_BYTES = 10_000;
    static final int MAX_TAIL_BYTES = 1_000_000;

    /** The flags as given, before the environment fills the gaps. */
    record Flags(String job, String project, String server, String key, String pingUrl, String timeout, String spool,
                 Integer tail, boolean flush, List<String> command) {}

    static Settings resolve(Flags f, Map<String, String> env) {
        List<String> command = f.command() == null ? List.of() : List.copyOf(f.command());
        if (f.flush() && !command.isEmpty()) throw usage("--flush takes no command: it only sends what waits in the spool");
        if (!f.flush() && command.isEmpty()) {
            throw usage("no command to run: put it after --, e.g. vigil run --ping-url URL -- ./backup.sh");
        }
        if (f.job() != null && f.pingUrl() != null) throw usage("give either --ping-url or --job, not both");
        if (f.pingUrl() != null && (f.server() != null || f.key() != null || f.project() != null)) {
            throw usage("--server, --key and --project go with --job, not with --ping-url");
        }
        String server = firstSet(f.server(), env.get("VIGIL_SERVER"));
        String key = f.key() != null ? f.key() : key(env);
        var credentials = server != null && key != null ? new Delivery.Credentials(httpUrl(strip(server), "--server"), key) : null;

        Reporter reporter;
        if (f.job() != null) {
            if (server == null) throw usage("--job needs the server: --server URL or VIGIL_SERVER");
            if (key == null) throw usage("--job needs an API key: --key KEY, VIGIL_KEY or VIGIL_KEY_FILE");
            String[] job = job(f.job(), f.project(), env.get("VIGIL_PROJECT"));
            reporter = new ApiReporter(credentials.server(), job[0], job[1]);
        } else {
            String pingUrl = firstSet(f.pingUrl(), env.get("VIGIL_PING_URL"));
            if (pingUrl == null && !f.flush()) {
                throw usage("say where to report: --ping-url URL (or VIGIL_PING_URL), or --job PROJECT/SLUG with --server and --key");
            }
            reporter = pingUrl == null ? null : new PingUrlReporter(httpUrl(pingUrl, "--ping-url"));
        }
        return new Settings(reporter, credentials, timeout(f.timeout()), spoolDir(f.spool(), env), tail(f.tail()), command, f.flush());
    }

    private static String[] job(String job, String projectFlag, String projectEnv) {
        String[] parts = job.split("/", -1);
        if (parts.length == 2 && !parts[0].isBlank() && !parts[1].isBlank()) {
            if (projectFlag != null && !projectFlag.equals(parts[0])) {
                throw usage("--job " + job + " names project '" + parts[0] + "' but --project says '" + projectFlag + "'");
            }
            return parts;
        }
        if (parts.length != 1 || job.isBlank()) throw usage("--job must be PROJECT/SLUG or SLUG, got '" + job + "'");
        String project = firstSet(projectFlag, projectEnv);
        if (project == null) throw usage("--job " + job + " has no project: use --job PROJECT/" + job + ", --project or VIGIL_PROJECT");
        return new String[] {project, job};
    }

    private static String key(Map<String, String> env) {
        String key = blankToNull(env.get("VIGIL_KEY"));
        String file = blankToNull(env.get("VIGIL_KEY_FILE"));
        if (key != null && file != null) throw usage("VIGIL_KEY and VIGIL_KEY_FILE are both set; keep one");
        if (file == null) return key;
        try {
            String k = Files.readString(Path.of(file)).strip();
            if (k.isEmpty()) throw usage("VIGIL_KEY_FILE " + file + " is empty");
            return k;
        } catch (IOException e) {
            throw usage("cannot read VIGIL_KEY_FILE " + file + ": " + e.getMessage());
        }
    }

    private static Duration timeout(String text) {
        if (text == null) return null;
        Duration d;
        try {
            d = Durations.parse(text, "--timeout");
        } catch (VigilException e) {
            throw usage(e.getMessage());
        }
        if (d.isZero()) throw usage("--timeout must be greater than 0");
        return d;
    }

    private static int tail(Integer bytes) {
        if (bytes == null) return DEFAULT_TAIL_BYTES;
        if (bytes < 0 || bytes > MAX_TAIL_BYTES) throw usage("--tail must be 0.." + MAX_TAIL_BYTES + " bytes, got " + bytes);
        return bytes;
    }

    /** --spool, VIGIL_SPOOL_DIR, $XDG_CACHE_HOME/vigil/spool, ~/.cache/vigil/spool. */
    private static Path spoolDir(String flag, Map<String, String> env) {
        String dir = firstSet(flag, env.get("VIGIL_SPOOL_DIR"));
        if (dir != null) return Path.of(dir);
        String cache = blankToNull(env.get("XDG_CACHE_HOME"));
        if (cache != null && Path.of(cache).isAbsolute()) return Path.of(cache, "vigil", "spool");
        String home = firstSet(env.get("HOME"), System.getProperty("user.home"));
        return Path.of(home, ".cache", "vigil", "spool");
    }

    private static String httpUrl(String url, String what) {
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) return url;
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw usage(what + " must be an http:// or https:// URL, got '" + url + "'");
    }

    private static String strip(String server) {
        return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    }

    private static String firstSet(String a, String b) {
        return blankToNull(a) != null ? a : blankToNull(b);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static VigilException usage(String message) {
        return new VigilException("usage", message);
    }
}
