package dev.vigil.cli.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reports that could not be delivered yet, one small JSON file each, named so that the names sort
 * oldest first. Written atomically (temp file, fsync, rename, fsync of the directory), so a crash
 * leaves either the whole report or none. Reports that can never be accepted move to {@code dead/}.
 * The files are private to the user: they hold ping URLs, which are secrets.
 */
final class Spool {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Path dir;
    private final Consumer<String> warn;

    Spool(Path dir, Consumer<String> warn) {
        this.dir = dir;
        this.warn = warn;
    }

    Path dir() { return dir; }

    Path deadDir() { return dir.resolve("dead"); }

    record Entry(Path file, Report report) {}

    void add(Report report) throws IOException {
        createPrivate(dir);
        String name = "%013d-%04d-%04x.json".formatted(System.currentTimeMillis(), SEQUENCE.getAndIncrement() % 10_000,
                ThreadLocalRandom.current().nextInt(0x10000));
        Path tmp = dir.resolve("." + name + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            restrict(tmp, "rw-------");
            ch.write(ByteBuffer.wrap(JSON.writeValueAsBytes(report)));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        syncDirectory();
    }

    /** Pending reports, oldest first. A file that cannot be read as a report is moved to {@code dead/}. */
    List<Entry> pending() {
        if (!Files.isDirectory(dir)) return List.of();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".json") && !f.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            warn.accept("cannot read the spool " + dir + ": " + e.getMessage());
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (Path f : files) {
            try {
                entries.add(new Entry(f, JSON.readValue(f.toFile(), Report.class)));
            } catch (IOException e) {
                warn.accept("unreadable spool file " + f.getFileName() + " (" + e.getMessage() + ")");
                bury(f);
            }
        }
        return entries;
    }

    void remove(Entry entry) throws IOException {
        Files.deleteIfExists(entry.file());
        syncDirectory();
    }

    /** Moves a report that can never be accepted to {@code dead/}, where it stays for a person to look at. */
    Path bury(Path file) {
        try {
            createPrivate(deadDir());
            Path target = deadDir().resolve(file.getFileName());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            warn.accept("cannot move " + file + " to " + deadDir() + ": " + e.getMessage());
            return file;
        }
    }

    /**
     * The replay lock, so that two wrappers starting together do not send the same report twice;
     * empty when another process holds it.
     */
    Optional<Closeable> tryLock() throws IOException {
        createPrivate(dir);
        FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = ch.tryLock();
            if (lock != null) return Optional.of(ch); // closing the channel releases the lock
        } catch (OverlappingFileLockException e) {
            // held by this JVM
        }
        ch.close();
        return Optional.empty();
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // not every platform can open a directory; the rename itself is still atomic
        }
    }

    private static void createPrivate(Path d) throws IOException {
        if (Files.isDirectory(d)) return;
        Files.createDirectories(d);
        restrict(d, "rwx------");
    }

    private static void restrict(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }
}
