package dev.vigil.execution;

import dev.vigil.agent.spool.DirLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory of one embedded agent, {@code <data dir>/embedded-agent/<name>/}: what must outlive
 * the server process that runs it — its spool of run events and its runs' processes — under its
 * name, {@code embedded@<host>-<random>}, which is the directory's.
 *
 * <p>A server process holds an OS lock on the directory it uses while it runs (released by the OS
 * however the process ends). It takes the first directory nobody holds, so a server restarted on
 * the same data directory gets its name, spool and processes back; a second live server on the
 * same data directory (two servers sharing one PostgreSQL) finds it held and makes one of its own.
 * Two servers never share a name, even on one host: each data directory makes its own names.
 */
final class EmbeddedAgentHome implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedAgentHome.class);
    private static final Pattern NAME = Pattern.compile("embedded@[A-Za-z0-9._-]{1,80}-[0-9a-f]{6}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final Path dir;
    private final DirLock lock;

    private EmbeddedAgentHome(Path dir, DirLock lock) {
        this.name = dir.getFileName().toString();
        this.dir = dir;
        this.lock = lock;
    }

    /** Takes the first free agent directory under {@code parent}, or makes a new one. */
    static EmbeddedAgentHome claim(Path parent, String host) {
        try {
            Files.createDirectories(parent);
            for (Path existing : existing(parent)) {
                EmbeddedAgentHome home = tryLock(existing);
                if (home != null) return home;
            }
            while (true) {
                byte[] random = new byte[3];
                RANDOM.nextBytes(random);
                String name = "embedded@" + host(host) + "-" + HexFormat.of().formatHex(random);
                Path dir = parent.resolve(name);
                if (Files.exists(dir)) continue;
                Files.createDirectories(dir);
                EmbeddedAgentHome home = tryLock(dir);
                if (home != null) {
                    log.info("the embedded agent is {} (a new one: {})", name, dir);
                    return home;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the embedded agent's directory in " + parent, e);
        }
    }

    /**
     * The agent directories, those an earlier process left runs in first: a server restarted after a
     * crash takes its runs over, rather than the empty directory of a server that ran beside it once.
     */
    private static List<Path> existing(Path parent) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            return StreamSupport.stream(entries.spliterator(), false)
                    .filter(p -> Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path p) -> !hasRuns(p)).thenComparing(Comparator.naturalOrder()))
                    .toList();
        }
    }

    private static boolean hasRuns(Path dir) {
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(dir.resolve("runs"))) {
            return runs.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /** The directory, locked, or null if another process (or another server in this one) holds it. */
    private static EmbeddedAgentHome tryLock(Path dir) throws IOException {
        return DirLock.tryLock(dir).map(lock -> new EmbeddedAgentHome(dir, lock)).orElse(null);
    }

    /** The host name as an agent name may hold it. */
    static String host(String host) {
        String h = host == null ? "" : host.replaceAll("[^A-Za-z0-9._-]", "-");
        if (h.length() > 80) h = h.substring(0, 80);
        return h.isEmpty() ? "localhost" : h;
    }

    String name() { return name; }

    Path dir() { return dir; }

    /** Lets the directory go, for the next server process. */
    @Override
    public void close() {
        try {
            lock.close();
        } catch (IOException e) {
            log.warn("cannot release the lock of {}: {}", dir, e.toString());
        }
    }
}
