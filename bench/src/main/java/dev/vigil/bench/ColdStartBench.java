package dev.vigil.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Scenario 4: from launching {@code java -jar target/vigil.jar server --no-example} to
 * {@code /health/ready} answering 200, median of {@code --runs}, for several JVM flag sets, on a
 * fresh and on an existing data directory. Then where the time goes: loaded classes by library and
 * a step-by-step timing of the same work in a fresh JVM.
 */
final class ColdStartBench {
    private ColdStartBench() {}

    static void run(Options o) throws Exception {
        int runs = o.integer("runs", 5);
        Path work = Files.createDirectories(Path.of(o.text("work", "target/work")).toAbsolutePath());
        Path logback = Path.of("logback-info.xml").toAbsolutePath();
        System.out.println("# scenario 4: cold start to ready; " + Machine.describe() + "; load average before: "
                + Machine.loadAverage());
        Path archive = work.resolve("vigil-appcds.jsa");
        Files.deleteIfExists(archive);
        Map<String, List<String>> variants = new java.util.LinkedHashMap<>();
        List<String> cds = new ArrayList<>(ServerProcess.LAUNCHER_FLAGS);
        cds.addAll(List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive));
        variants.put("./vigil launcher (SerialGC + AppCDS)", cds);
        variants.put("SerialGC, no archive", ServerProcess.LAUNCHER_FLAGS);
        variants.put("plain java -jar", List.of());

        for (var v : variants.entrySet()) {
            if (v.getKey().contains("AppCDS")) {
                Path d = Files.createTempDirectory(work, "cds-train-");
                once(v.getValue(), d); // writes the archive at exit; not timed
                PingBench.deleteTree(d);
            }
            Path existing = Files.createTempDirectory(work, "existing-");
            once(v.getValue(), existing);
            double[] fresh = new double[runs], again = new double[runs];
            for (int i = 0; i < runs; i++) {
                Path d = Files.createTempDirectory(work, "fresh-");
                fresh[i] = once(v.getValue(), d);
                PingBench.deleteTree(d);
                again[i] = once(v.getValue(), existing);
            }
            System.out.printf("RESULT coldstart %-30s fresh data dir median=%4.0f ms %s | existing median=%4.0f ms %s (target <= 1500)%n",
                    v.getKey(), median(fresh), Arrays.toString(round(fresh)), median(again), Arrays.toString(round(again)));
            PingBench.deleteTree(existing);
        }
        classes(work);
        steps(work, ServerProcess.LAUNCHER_FLAGS, logback);
        System.out.println("load average after: " + Machine.loadAverage());
    }

    private static double once(List<String> flags, Path dataDir) throws Exception {
        try (ServerProcess s = ServerProcess.start(flags, dataDir, null, dataDir.resolve("server.log"))) {
            return s.awaitReady(60_000) / 1e6;
        }
    }

    /** Classes loaded until ready, grouped by library, from -Xlog:class+load. */
    private static void classes(Path work) throws Exception {
        Path log = work.resolve("classload.log");
        Path d = Files.createTempDirectory(work, "classes-");
        List<String> flags = new ArrayList<>(ServerProcess.LAUNCHER_FLAGS);
        flags.add("-Xlog:class+load=info:file=" + log);
        once(flags, d);
        PingBench.deleteTree(d);
        List<String> names = Files.readAllLines(log).stream().map(l -> l.substring(l.indexOf(']', l.indexOf("class,load")) + 2))
                .map(l -> l.split(" ")[0]).toList();
        long shared = Files.readAllLines(log).stream().filter(l -> l.contains("shared objects file")).count();
        Map<String, Long> groups = names.stream().collect(Collectors.groupingBy(ColdStartBench::library, TreeMap::new, Collectors.counting()));
        System.out.printf("RESULT classes-loaded total=%d (from the JDK's CDS archive: %d)%n", names.size(), shared);
        groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(14)
                .forEach(e -> System.out.printf("  %6d  %s%n", e.getValue(), e.getKey()));
    }

    private static String library(String cls) {
        String[] known = {"org.eclipse.jetty", "io.javalin", "org.flywaydb", "kotlin", "com.fasterxml.jackson",
                "io.micrometer", "ch.qos.logback", "org.slf4j", "com.zaxxer.hikari", "org.sqlite", "picocli",
                "dev.vigil", "jakarta", "org.postgresql", "com.cronutils", "java.", "javax.", "jdk.", "sun.", "com.sun."};
        for (String k : known) if (cls.startsWith(k)) return k.endsWith(".") ? "JDK (" + k + "*)" : k;
        return "other (" + cls.substring(0, Math.max(0, cls.lastIndexOf('.'))) + ")";
    }

    /** {@link StartupSteps} in a fresh JVM with the launcher's flags. */
    private static void steps(Path work, List<String> flags, Path logback) throws Exception {
        Path d = Files.createTempDirectory(work, "steps-");
        List<String> cmd = new ArrayList<>();
        cmd.add(ServerProcess.java());
        cmd.addAll(flags);
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Dlogback.configurationFile=" + logback,
                "-cp", System.getProperty("java.class.path"), "dev.vigil.bench.Main", "startup-steps", "--dir", d.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        new String(p.getInputStream().readAllBytes()).lines().filter(l -> l.startsWith("RESULT") || l.startsWith("  "))
                .forEach(System.out::println);
        p.waitFor();
        PingBench.deleteTree(d);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static long[] round(double[] xs) {
        return Arrays.stream(xs).mapToLong(Math::round).toArray();
    }
}
