package dev.vigil.agent.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The directory of one durable process ({@link Supervisor#start(ProcessSpec, OutputSink, ProcessDir)}):
 * what is written there lets a later agent process learn how the process ended, or take over
 * supervising it ({@link Supervisor#adopt}), whatever happened to the agent that started it.
 *
 * <ul>
 *   <li>{@code process}: written before the start: its start time, timeout, kill grace and the boot id;
 *   <li>{@code pid}: the group leader's pid, written by the leader itself as its first act;
 *   <li>{@code output}: stdout and stderr, appended in the order they were written;
 *   <li>{@code exit}: the program's exit status ({@code 128+N} for signal N), written by the leader
 *       once the program has ended.
 * </ul>
 *
 * Other files in the directory are the caller's. Deleting the directory is the caller's too.
 */
public record ProcessDir(Path path) {
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    /** What was recorded before the start; {@code timeout} may be null. */
    record Facts(Instant startedAt, Duration timeout, Duration killGrace, String bootId) {}

    public Path output() {
        return path.resolve("output");
    }

    Path pidFile() {
        return path.resolve("pid");
    }

    Path exitFile() {
        return path.resolve("exit");
    }

    private Path factsFile() {
        return path.resolve("process");
    }

    void recordStart(Instant at, ProcessSpec spec) throws IOException {
        Files.createDirectories(path);
        String timeout = spec.timeout() == null ? "-" : Long.toString(spec.timeout().toMillis());
        Files.writeString(factsFile(), at.toEpochMilli() + " " + timeout + " " + spec.killGrace().toMillis() + " " + bootId() + "\n");
    }

    /** What {@link #recordStart} wrote, or empty when it is missing or unreadable (the process never started). */
    Optional<Facts> facts() {
        try {
            String[] f = Files.readString(factsFile()).trim().split(" ");
            Duration timeout = f[1].equals("-") ? null : Duration.ofMillis(Long.parseLong(f[1]));
            return Optional.of(new Facts(Instant.ofEpochMilli(Long.parseLong(f[0])), timeout,
                    Duration.ofMillis(Long.parseLong(f[2])), f[3]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The pid the leader wrote, or -1. */
    long pid() {
        return readLong(pidFile());
    }

    /** The exit status the leader wrote, if it has; an empty or torn file counts as none. */
    Optional<Integer> exitStatus() {
        long v = readLong(exitFile());
        return v < 0 || v > 255 ? Optional.empty() : Optional.of((int) v);
    }

    /** When the exit status was written: when the program ended, as near as it is known. */
    public Optional<Instant> endedAt() {
        try {
            return exitStatus().isEmpty() ? Optional.empty()
                    : Optional.of(Files.getLastModifiedTime(exitFile()).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Bytes {@code [from, to)} of the output (fewer if it is shorter), as text. */
    public String text(long from, long to) {
        return new String(bytes(from, to), StandardCharsets.UTF_8);
    }

    /** The last {@code maxBytes} of the output as text, without a character cut in half at its start. */
    public String tail(int maxBytes) {
        long size;
        try {
            size = Files.size(output());
        } catch (IOException e) {
            return "";
        }
        long from = Math.max(0, size - maxBytes);
        byte[] b = bytes(from, size);
        int start = 0;
        // UTF-8 continuation bytes look like 10xxxxxx; a character has at most three of them.
        while (from > 0 && start < Math.min(3, b.length) && (b[start] & 0xC0) == 0x80) start++;
        return new String(b, start, b.length - start, StandardCharsets.UTF_8);
    }

    private byte[] bytes(long from, long to) {
        try (FileChannel c = FileChannel.open(output(), StandardOpenOption.READ)) {
            long end = Math.min(to, c.size());
            ByteBuffer b = ByteBuffer.allocate((int) Math.max(0, end - from));
            while (b.hasRemaining() && c.read(b, from + b.position()) > 0) {
                // a read may return less than asked
            }
            return java.util.Arrays.copyOf(b.array(), b.position());
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + output(), e);
        }
    }

    static String bootId() {
        try {
            return Files.readString(BOOT_ID).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long readLong(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
