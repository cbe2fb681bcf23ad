package dev.vigil.agent.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An agent process's hold on its directory (its spool and its runs' processes): an OS lock on
 * {@code <dir>/lock}, which the OS releases however the process ends, {@code kill -9} included. Two
 * agent processes never share a directory: they would deliver each other's reports and take over
 * each other's processes.
 */
public final class DirLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks the directory (made if missing), or empty if another process, or another agent in this one, holds it. */
    public static Optional<DirLock> tryLock(Path dir) throws IOException {
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM: the locks are per process
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        return Optional.of(new DirLock(channel, lock));
    }

    /** Lets the directory go. Idempotent. */
    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) return;
        lock.release();
        channel.close();
    }
}
