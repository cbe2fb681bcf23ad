package dev.vigil.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs {@code vigil run} for tests: in this JVM, or as its own process exactly as a user's cron would. */
final class Wrap {
    private Wrap() {}

    /** What a run left behind: exit code, the wrapper's stdout (raw bytes) and stderr. */
    record Result(int exit, byte[] stdoutBytes, String stderr) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }
    }

    /** In this JVM, with the given environment only. The command must not read stdin (it is the test runner's). */
    static Result inProcess(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        var cl = new CommandLine(new RunCommand(env, new PrintStream(out, true), errStream));
        cl.setErr(new PrintWriter(errStream, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code vigil run args…} as its own JVM; none of this JVM's VIGIL_* variables leak in. */
    static Process start(Map<String, String> env, Path dir, byte[] stdin, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "dev.vigil.cli.Main", "run"));
        cmd.addAll(List.of(args));
        Path in = dir.resolve("stdin");
        Files.write(in, stdin);
        var pb = new ProcessBuilder(cmd).redirectInput(in.toFile())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("VIGIL_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    static Result finish(Process p, Path dir) throws Exception {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("vigil run did not finish within 60 s");
        }
        return new Result(p.exitValue(), Files.readAllBytes(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")));
    }

    static Result process(Map<String, String> env, Path dir, byte[] stdin, String... args) throws Exception {
        return finish(start(env, dir, stdin, args), dir);
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
        return env;
    }

    static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates job {@code project/slug} without a schedule and returns its ping URL. */
    static String createJob(TestServer server, String project, String slug) {
        var r = server.put("/api/v1/jobs/" + project + "/" + slug, "{}");
        if (r.status() != 201) throw new AssertionError(r.body());
        return r.json().get("pingUrl").asText();
    }

    /** The job's runs, newest first. */
    static List<JsonNode> runs(TestServer server, String project, String slug) {
        List<JsonNode> runs = new ArrayList<>();
        server.get("/api/v1/jobs/" + project + "/" + slug + "/runs").json().get("runs").forEach(runs::add);
        return runs;
    }

    static String output(TestServer server, JsonNode run) {
        JsonNode out = server.get("/api/v1/runs/" + run.get("id").asLong()).json().get("output");
        return out == null ? null : out.asText();
    }
}
