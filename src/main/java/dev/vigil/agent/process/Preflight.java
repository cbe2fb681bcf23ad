package dev.vigil.agent.process;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds what would make a start fail, before starting. Behind {@code setsid} the JVM cannot see an
 * exec failure (setsid itself starts fine and exits 127), so the usual mistakes are caught here:
 * a missing or non-executable program and a missing working directory. The same lookup as
 * {@code execvp}: a name with a slash is a path (relative to the working directory), a bare name
 * is searched in the child's PATH.
 */
final class Preflight {

    private Preflight() {
    }

    /** The reason the spec cannot start, or empty if it looks startable. */
    static Optional<String> problem(ProcessSpec spec, Map<String, String> env) {
        Path base = spec.workdir() == null ? Path.of("").toAbsolutePath() : spec.workdir().toAbsolutePath();
        if (spec.workdir() != null && !Files.isDirectory(base)) {
            return Optional.of((Files.exists(base) ? "not a directory: " : "no such directory: ") + spec.workdir());
        }
        String program = spec.argv().getFirst();
        if (program.contains("/")) {
            try {
                return problemWith(base.resolve(program), program);
            } catch (InvalidPathException e) {
                return Optional.of("invalid program path: " + program);
            }
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path candidate = base.resolve(dir).resolve(program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.empty();
                }
            } catch (InvalidPathException e) {
                // A PATH entry the JVM cannot even parse holds nothing we could run.
            }
        }
        return Optional.of("not found in PATH: " + program + " (PATH=" + path + ")");
    }

    private static Optional<String> problemWith(Path file, String program) {
        if (!Files.exists(file)) {
            return Optional.of("no such file: " + program);
        }
        if (Files.isDirectory(file)) {
            return Optional.of("is a directory: " + program);
        }
        if (!Files.isExecutable(file)) {
            return Optional.of("not executable: " + program);
        }
        return Optional.empty();
    }
}
