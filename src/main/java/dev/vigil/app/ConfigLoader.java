package dev.vigil.app;

import dev.vigil.domain.ValidationException;
import dev.vigil.execution.Dispatcher;
import dev.vigil.schedule.Durations;
import dev.vigil.util.OutboundPolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Builds {@link Config} from three layers: flags (highest), a config file, the environment. Every
 * setting has one name, {@code VIGIL_*}, used alike as environment variable and as key in the config
 * file (Java properties syntax); a secret can be read from the file named by {@code NAME_FILE}.
 * Parsing is strict: an unknown key or a malformed value is an error naming the setting.
 */
public final class ConfigLoader {
    static final Set<String> KEYS = Set.of("VIGIL_DATA_DIR", "VIGIL_DB_URL", "VIGIL_DB_USER", "VIGIL_DB_PASSWORD",
            "VIGIL_HOST", "VIGIL_HTTP_PORT", "VIGIL_BASE_URL", "VIGIL_ADMIN_KEY", "VIGIL_PING_BODY_LIMIT", "VIGIL_PING_RATE_LIMIT", "VIGIL_PING_CREATE_LIMIT",
            "VIGIL_RECHECK_WINDOW", "VIGIL_JOB_CACHE_SIZE", "VIGIL_EXAMPLE", "VIGIL_EMBEDDED_AGENT",
            "VIGIL_EMBEDDED_AGENT_CAPACITY", "VIGIL_CONFIG",
            "VIGIL_RUN_LOG_LIMIT", "VIGIL_RUN_LOG_RETENTION", "VIGIL_AUDIT_RETENTION", "VIGIL_AGENT_TOKEN", "VIGIL_AGENT_LEASE",
            "VIGIL_ALERTING", "VIGIL_FLAP_THRESHOLD", "VIGIL_FLAP_WINDOW", "VIGIL_CLUSTER_HEARTBEAT",
            "VIGIL_CLUSTER_NODE_TIMEOUT", OutboundPolicy.DENY_SETTING, OutboundPolicy.ALLOW_SETTING);

    public static final int MIN_ADMIN_KEY_LENGTH = 16;

    private ConfigLoader() {}

    /**
     * @param flags settings given on the command line, by their {@code VIGIL_*} names
     * @param env   the environment (normally {@code System.getenv()})
     */
    public static Config load(Map<String, String> flags, Map<String, String> env) {
        Map<String, String> merged = new HashMap<>();
        putKnown(merged, env, false);
        String file = firstNonNull(flags.get("VIGIL_CONFIG"), env.get("VIGIL_CONFIG"));
        if (file != null) putKnown(merged, readFile(Path.of(file)), true);
        putKnown(merged, flags, true);
        return build(merged);
    }

    private static void putKnown(Map<String, String> into, Map<String, String> from, boolean strict) {
        for (var e : from.entrySet()) {
            String key = e.getKey();
            if (e.getValue() == null) continue;
            String base = key.endsWith("_FILE") ? key.substring(0, key.length() - 5) : key;
            if (!KEYS.contains(base)) {
                if (strict && key.startsWith("VIGIL_")) throw new ValidationException(key, "unknown setting");
                continue;
            }
            if (key.endsWith("_FILE") && from.get(base) != null) {
                throw new ValidationException(key, "give either " + base + " or " + key + ", not both");
            }
            into.put(base, key.endsWith("_FILE") ? readSecret(key, e.getValue()) : e.getValue());
        }
    }

    private static Config build(Map<String, String> s) {
        return new Config(
                Path.of(s.getOrDefault("VIGIL_DATA_DIR", Config.DEFAULT_DATA_DIR.toString())),
                blankToNull(s.get("VIGIL_DB_URL")),
                blankToNull(s.get("VIGIL_DB_USER")),
                blankToNull(s.get("VIGIL_DB_PASSWORD")),
                s.getOrDefault("VIGIL_HOST", "0.0.0.0"),
                intSetting(s, "VIGIL_HTTP_PORT", Config.DEFAULT_HTTP_PORT, 0, 65_535),
                blankToNull(s.get("VIGIL_BASE_URL")),
                adminKey(blankToNull(s.get("VIGIL_ADMIN_KEY"))),
                intSetting(s, "VIGIL_PING_BODY_LIMIT", Config.DEFAULT_PING_BODY_LIMIT, 0, 10_000_000),
                intSetting(s, "VIGIL_PING_RATE_LIMIT", Config.DEFAULT_PING_RATE_LIMIT, 0, 1_000_000),
                intSetting(s, "VIGIL_PING_CREATE_LIMIT", Config.DEFAULT_PING_CREATE_LIMIT, 0, 10_000_000),
                durationSetting(s, "VIGIL_RECHECK_WINDOW", Config.DEFAULT_RECHECK_WINDOW),
                intSetting(s, "VIGIL_JOB_CACHE_SIZE", Config.DEFAULT_JOB_CACHE_SIZE, 100, 100_000_000),
                boolSetting(s, "VIGIL_EXAMPLE", true),
                boolSetting(s, "VIGIL_EMBEDDED_AGENT", true),
                intSetting(s, "VIGIL_EMBEDDED_AGENT_CAPACITY", Config.DEFAULT_EMBEDDED_AGENT_CAPACITY, 1, Dispatcher.MAX_CAPACITY),
                intSetting(s, "VIGIL_RUN_LOG_LIMIT", Config.DEFAULT_RUN_LOG_LIMIT, 1_000, 1_000_000_000),
                positiveDurationSetting(s, "VIGIL_RUN_LOG_RETENTION", Config.DEFAULT_RUN_LOG_RETENTION),
                agentToken(blankToNull(s.get("VIGIL_AGENT_TOKEN"))),
                durationSetting(s, "VIGIL_AGENT_LEASE", Config.DEFAULT_AGENT_LEASE),
                blankToNull(s.get("VIGIL_ALERTING")),
                new Config.Flapping(intSetting(s, "VIGIL_FLAP_THRESHOLD", Config.Flapping.DEFAULT.threshold(), 1, 1_000),
                        minimumDuration(s, "VIGIL_FLAP_WINDOW", Config.Flapping.DEFAULT.window(), Duration.ofMinutes(1))),
                cluster(s),
                positiveDurationSetting(s, "VIGIL_AUDIT_RETENTION", Config.DEFAULT_AUDIT_RETENTION),
                outbound(s));
    }

    /** {@code VIGIL_OUTBOUND_DENY} (default: the default list) and {@code VIGIL_OUTBOUND_ALLOW} (default: none). */
    public static OutboundPolicy outbound(Map<String, String> s) {
        try {
            return OutboundPolicy.parse(s.get(OutboundPolicy.DENY_SETTING), s.get(OutboundPolicy.ALLOW_SETTING));
        } catch (OutboundPolicy.InvalidEntry e) {
            throw new ValidationException(e.setting(), e.reason());
        }
    }

    /** A join token is a credential like the admin key: it must not be guessable either. */
    static String agentToken(String token) {
        if (token != null && token.length() < MIN_ADMIN_KEY_LENGTH) {
            throw new ValidationException("VIGIL_AGENT_TOKEN", "must be at least " + MIN_ADMIN_KEY_LENGTH + " characters");
        }
        return token;
    }

    /** Short keys can be guessed; the generated ones have 40 random characters. */
    static String adminKey(String key) {
        if (key != null && key.length() < MIN_ADMIN_KEY_LENGTH) {
            throw new ValidationException("VIGIL_ADMIN_KEY", "must be at least " + MIN_ADMIN_KEY_LENGTH + " characters");
        }
        return key;
    }

    static Config.Cluster cluster(Map<String, String> s) {
        Duration heartbeat = minimumDuration(s, "VIGIL_CLUSTER_HEARTBEAT", Config.Cluster.DEFAULT.heartbeat(), Duration.ofMillis(100));
        Duration timeout = minimumDuration(s, "VIGIL_CLUSTER_NODE_TIMEOUT", Config.Cluster.DEFAULT.nodeTimeout(), Duration.ofMillis(200));
        if (timeout.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new ValidationException("VIGIL_CLUSTER_NODE_TIMEOUT", "must be at least twice VIGIL_CLUSTER_HEARTBEAT (" + heartbeat + ")");
        }
        return new Config.Cluster(heartbeat, timeout);
    }

    static Duration minimumDuration(Map<String, String> s, String key, Duration dflt, Duration min) {
        Duration d = durationSetting(s, key, dflt);
        if (d.compareTo(min) < 0) throw new ValidationException(key, "must be at least " + min);
        return d;
    }

    static int intSetting(Map<String, String> s, String key, int dflt, int min, int max) {
        String v = s.get(key);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw new ValidationException(key, "must be between " + min + " and " + max + ", got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new ValidationException(key, "'" + v + "' is not a whole number");
        }
    }

    static boolean boolSetting(Map<String, String> s, String key, boolean dflt) {
        String v = s.get(key);
        if (v == null) return dflt;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ValidationException(key, "'" + v + "' is not a boolean (true or false)");
        };
    }

    static Duration durationSetting(Map<String, String> s, String key, Duration dflt) {
        String v = s.get(key);
        return v == null ? dflt : Durations.parse(v, key);
    }

    static Duration positiveDurationSetting(Map<String, String> s, String key, Duration dflt) {
        Duration d = durationSetting(s, key, dflt);
        if (d.isZero() || d.isNegative()) throw new ValidationException(key, "must be more than 0, got " + s.get(key));
        return d;
    }

    private static Map<String, String> readFile(Path path) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ValidationException("VIGIL_CONFIG", "cannot read config file " + path + ": " + e.getMessage());
        }
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k.trim(), p.getProperty(k).trim()));
        return m;
    }

    private static String readSecret(String key, String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ValidationException(key, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
