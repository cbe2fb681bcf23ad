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
 *
 * <p>A rule may name a sub-package ({@code agent.http}); a file follows the most specific rule for
 * its package, and an allowed entry covers that package and its sub-packages.
 */
class ArchitectureTest {
    private static final Path SRC = Path.of("src/main/java/dev/vigil");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.vigil\\.([a-z]+(?:\\.[a-z]+)*)", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\bdev\\.vigil\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");

    /** package → the packages of ours it may use (besides itself and its sub-packages). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("scheduler", Set.of("util", "domain", "schedule", "store", "monitor", "cluster")),
            Map.entry("cluster", Set.of("util", "domain", "store")),
            Map.entry("domain", Set.of()),
            Map.entry("util", Set.of()),
            Map.entry("schedule", Set.of("domain")),
            Map.entry("store", Set.of("domain")),
            Map.entry("security", Set.of("domain")),
            Map.entry("audit", Set.of("util", "domain", "store")),
            Map.entry("monitor", Set.of("util", "domain", "schedule")),
            Map.entry("ingest", Set.of("util", "domain", "schedule", "store", "monitor", "scheduler", "cluster")),
            Map.entry("alert", Set.of("util", "domain", "store", "schedule")),
            Map.entry("agent", Set.of("util", "domain", "schedule")),
            Map.entry("execution", Set.of("util", "domain", "schedule", "store", "monitor", "ingest", "agent")),
            Map.entry("web", Set.of("cluster", "util", "domain", "schedule", "store", "monitor", "ingest", "alert", "security", "scheduler", "execution", "agent")),
            Map.entry("app", Set.of("audit", "cluster", "util", "domain", "schedule", "store", "monitor", "ingest", "alert", "security", "web", "scheduler", "execution", "agent")),
            Map.entry("cli", Set.of("audit", "cluster", "util", "domain", "schedule", "store", "monitor", "ingest", "alert", "security", "web", "app", "scheduler", "execution", "agent")));

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
    void the_rule_table_covers_every_source_file() throws IOException {
        try (Stream<Path> files = Files.walk(SRC)) {
            assertThat(files.filter(f -> f.toString().endsWith(".java")).map(ArchitectureTest::packageOf))
                    .allMatch(pkg -> rule(pkg) != null);
        }
    }

    private static void check(Path file, List<String> violations) {
        String rule = rule(packageOf(file));
        if (rule == null) return;
        String text = read(file);
        for (Pattern p : List.of(IMPORT, QUALIFIED)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                String used = m.group(1);
                if (!within(used, rule) && ALLOWED.get(rule).stream().noneMatch(allowed -> within(used, allowed))) {
                    violations.add(SRC.relativize(file) + " uses dev.vigil." + used);
                }
            }
        }
    }

    /** {@code agent/http/HttpRunner.java} → {@code agent.http}. */
    private static String packageOf(Path file) {
        Path dir = SRC.relativize(file).getParent();
        return dir == null ? "" : dir.toString().replace(java.io.File.separatorChar, '.');
    }

    /** The most specific rule for a package: itself or its nearest parent that has one; null if none. */
    private static String rule(String pkg) {
        for (String p = pkg; !p.isEmpty(); p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
            if (ALLOWED.containsKey(p)) return p;
        }
        return null;
    }

    private static boolean within(String pkg, String base) {
        return pkg.equals(base) || pkg.startsWith(base + ".");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
