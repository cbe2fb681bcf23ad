package dev.vigil.cli.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client's config file ({@code ~/.config/vigil/config}): profiles in {@code [name]} sections
 * holding {@code server}, {@code key} and {@code keyFile}; {@code #} and {@code ;} start comments.
 * Strict: an unknown setting or a line that is not one of these is an error naming the line.
 */
record ConfigFile(Path path, Map<String, Map<String, String>> profiles) {
    static final Set<String> SETTINGS = Set.of("server", "key", "keyFile");

    /** The file's profiles; none if it does not exist. */
    static ConfigFile read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (NoSuchFileException e) {
            return new ConfigFile(path, Map.of());
        } catch (IOException e) {
            throw ClientException.usage("cannot read " + path + ": " + e.getMessage());
        }
        Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = path + " line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (line.startsWith("[") && line.endsWith("]")) {
                String name = line.substring(1, line.length() - 1).strip();
                if (name.isEmpty()) throw ClientException.usage(where + ": a profile needs a name: [default], [staging] …");
                if (profiles.containsKey(name)) throw ClientException.usage(where + ": profile [" + name + "] appears twice");
                current = new LinkedHashMap<>();
                profiles.put(name, current);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) throw ClientException.usage(where + ": expected [profile] or setting = value, got '" + line + "'");
            String name = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (current == null) throw ClientException.usage(where + ": '" + name + "' is outside a [profile] section");
            if (!SETTINGS.contains(name)) throw ClientException.usage(where + ": unknown setting '" + name + "' (server, key, keyFile)");
            if (current.put(name, value) != null) throw ClientException.usage(where + ": '" + name + "' is set twice in this profile");
        }
        return new ConfigFile(path, profiles);
    }

    Map<String, String> profile(String name) {
        return profiles.getOrDefault(name, Map.of());
    }

    boolean holdsKey() {
        return profiles.values().stream().anyMatch(p -> p.containsKey("key"));
    }

    /** Whether people other than its owner may read the file (false where permissions are not POSIX). */
    boolean readableByOthers() {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(path);
            return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
