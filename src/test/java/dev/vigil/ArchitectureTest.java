package dev.vigil;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way, toward the domain (STYLE.md): each package may import only the
 * packages listed for it. Read from the sources, so a forbidden import fails the build.
 */
class ArchitectureTest {
    private static final Path SRC = Path.of("src/main/java/dev/vigil");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.vigil\\.([a-z]+(?:\\.[a-z]+)*)", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\bdev\\.vigil\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");

    /** package → the packages of ours it may use (besides itself and its sub-packages). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("scheduler", Set.of("util", "domain", "schedule", "store", "monitor")),
            Map.entry("domain", Set.of()),
            Map.entry("util", Set.of()),
            Map.entry("schedule", Set.of("domain")),
            Map.entry("store", Set.of("domain")),
            Map.entry("security", Set.of("domain")),
            Map.entry("monitor", Set.of("util", "domain", "schedule", "store")),
            Map.entry("alert", Set.of("util", "domain", "store", "schedule")),
            Map.entry("agent", Set.of("util", "domain", "schedule")),
            Map.entry("execution", Set.of("util", "domain", "schedule", "store", "monitor", "agent")),
            Map.entry("web", Set.of("util", "domain", "schedule", "store", "monitor", "alert", "security", "scheduler", "execution", "agent")),
            Map.entry("app", Set.of("util", "domain", "schedule", "store", "monitor", "alert", "security", "web", "scheduler", "execution", "agent")),
            Map.entry("cli", Set.of("util", "domain", "schedule", "store", "monitor", "alert", "security", "web", "app", "scheduler", "execution", "agent")));

    @Test
    void every_package_depends_only_on_the_packages_below_it() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SRC)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> check(f, violations));
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void web_never_touches_the_sql_implementation() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SRC.resolve("web"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                if (read(f).contains("dev.vigil.store.sql")) violations.add(f.toString());
            });
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void the_rule_table_covers_every_top_level_package() throws IOException {
        try (Stream<Path> dirs = Files.list(SRC)) {
            assertThat(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()))
                    .allMatch(ALLOWED::containsKey);
        }
    }

    private static void check(Path file, List<String> violations) {
        String top = SRC.relativize(file).getName(0).toString();
        if (!ALLOWED.containsKey(top)) return;
        String text = read(file);
        for (Pattern p : List.of(IMPORT, QUALIFIED)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                String used = m.group(1).split("\\.")[0];
                if (!used.equals(top) && !ALLOWED.get(top).contains(used)) {
                    violations.add(SRC.relativize(file) + " uses dev.vigil." + m.group(1));
                }
            }
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
