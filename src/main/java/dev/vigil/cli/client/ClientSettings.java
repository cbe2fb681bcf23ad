package dev.vigil.cli.client;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where a client command goes and with which key, resolved per setting: the flags {@code --server}
 * and {@code --key}; then a profile named by {@code --profile} or {@code VIGIL_PROFILE}; then the
 * environment ({@code VIGIL_SERVER}, {@code VIGIL_KEY} or {@code VIGIL_KEY_FILE}, as {@code vigil run}
 * reads them); then the config file's {@code [default]} profile.
 *
 * @param keyFrom where the key came from, for messages: {@code --key}, {@code VIGIL_KEY}, {@code profile 'x' in FILE}
 */
public record ClientSettings(String server, String key, String keyFrom) {
    public static final String DEFAULT_PROFILE = "default";

    /** The flags as given (null: not given). */
    public record Flags(String server, String key, String profile, String config) {}

    /**
     * @param warn told about a config file holding a key that others can read
     * @throws ClientException usage (2) for a bad setting or a missing server, auth (4) for a missing key
     */
    public static ClientSettings resolve(Flags flags, Map<String, String> env, Consumer<String> warn) {
        String named = firstSet(flags.profile(), env.get("VIGIL_PROFILE"));
        String profileName = named != null ? named : DEFAULT_PROFILE;
        Path path = configPath(flags.config(), env);
        ConfigFile file = ConfigFile.read(path);
        if (flags.config() != null && !Files.exists(path)) throw ClientException.usage("--config " + path + ": no such file");
        if (named != null && !file.profiles().containsKey(named)) {
            throw ClientException.usage("no profile [" + named + "] in " + path
                    + (file.profiles().isEmpty() ? " (no profiles there)" : " (profiles: " + String.join(", ", file.profiles().keySet()) + ")"));
        }
        Map<String, String> profile = file.profile(profileName);
        String inProfile = "profile [" + profileName + "] in " + path;

        Setting server = pick(new Setting(flags.server(), "--server"), named != null, () -> new Setting(profile.get("server"), inProfile),
                () -> new Setting(env.get("VIGIL_SERVER"), "VIGIL_SERVER"));
        Setting key = pick(new Setting(flags.key(), "--key"), named != null, () -> profileKey(profile, inProfile, env),
                () -> envKey(env));
        if (server.value() == null) {
            throw ClientException.usage("no server: give --server URL, set VIGIL_SERVER, or put server = URL in [default] of "
                    + path + " (see docs/cli.md)");
        }
        if (key.value() == null) {
            throw new ClientException(ExitCodes.AUTH, "no API key: give --key KEY, set VIGIL_KEY or VIGIL_KEY_FILE, or put key = or keyFile = in ["
                    + profileName + "] of " + path);
        }
        if (key.from().equals(inProfile) && profile.containsKey("key") && file.readableByOthers()) {
            warn.accept("warning: " + path + " holds an API key and others can read it; chmod 600 " + path);
        }
        return new ClientSettings(url(server), key.value(), key.from());
    }

    private record Setting(String value, String from) {}

    /** The flag; then an explicitly named profile before the environment, the default profile after it. */
    private static Setting pick(Setting flag, boolean profileNamed, Supplier<Setting> profile, Supplier<Setting> env) {
        if (flag.value() != null && !flag.value().isBlank()) return flag;
        Setting first = (profileNamed ? profile : env).get();
        if (first.value() != null && !first.value().isBlank()) return first;
        Setting second = (profileNamed ? env : profile).get();
        if (second.value() != null && !second.value().isBlank()) return second;
        return new Setting(null, null);
    }

    private static Setting profileKey(Map<String, String> profile, String inProfile, Map<String, String> env) {
        String key = profile.get("key");
        String file = profile.get("keyFile");
        if (key != null && file != null) throw ClientException.usage(inProfile + " sets both key and keyFile; keep one");
        if (file == null) return new Setting(key, inProfile);
        return new Setting(readKey(home(file, env), "keyFile of " + inProfile), inProfile);
    }

    private static Setting envKey(Map<String, String> env) {
        String key = blankToNull(env.get("VIGIL_KEY"));
        String file = blankToNull(env.get("VIGIL_KEY_FILE"));
        if (key != null && file != null) throw ClientException.usage("VIGIL_KEY and VIGIL_KEY_FILE are both set; keep one");
        if (file == null) return new Setting(key, "VIGIL_KEY");
        return new Setting(readKey(Path.of(file), "VIGIL_KEY_FILE"), "VIGIL_KEY_FILE " + file);
    }

    private static String readKey(Path file, String what) {
        try {
            String k = Files.readString(file).strip();
            if (k.isEmpty()) throw ClientException.usage(what + " " + file + " is empty");
            return k;
        } catch (IOException e) {
            throw ClientException.usage("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }

    /** --config, VIGIL_CONFIG, $XDG_CONFIG_HOME/vigil/config, ~/.config/vigil/config. */
    static Path configPath(String flag, Map<String, String> env) {
        String file = firstSet(flag, env.get("VIGIL_CONFIG"));
        if (file != null) return home(file, env);
        String xdg = blankToNull(env.get("XDG_CONFIG_HOME"));
        if (xdg != null && Path.of(xdg).isAbsolute()) return Path.of(xdg, "vigil", "config");
        return Path.of(homeDir(env), ".config", "vigil", "config");
    }

    private static Path home(String file, Map<String, String> env) {
        return file.startsWith("~/") ? Path.of(homeDir(env), file.substring(2)) : Path.of(file);
    }

    private static String homeDir(Map<String, String> env) {
        String home = blankToNull(env.get("HOME"));
        return home != null ? home : System.getProperty("user.home");
    }

    private static String url(Setting server) {
        String url = server.value().strip();
        while (url.endsWith("/")) url = url.substring(0, url.length() - 1);
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) return url;
        } catch (URISyntaxException e) {
            // said below
        }
        throw ClientException.usage("the server (from " + server.from() + ") must be an http:// or https:// URL, got '" + server.value() + "'");
    }

    private static String firstSet(String a, String b) {
        return blankToNull(a) != null ? a : blankToNull(b);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
