package dev.vigil.agent.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process groups on Linux: who is in one (read from {@code /proc}) and signalling all of it at once
 * with {@code kill -s SIG -- -PGID}. The kernel delivers a group signal atomically, which a loop
 * over a snapshot of pids cannot: a process forking meanwhile would slip through.
 */
final class ProcessGroups {
    private static final Logger log = LoggerFactory.getLogger(ProcessGroups.class);
    private static final Path PROC = Path.of("/proc");
    private static final long KILL_COMMAND_TIMEOUT_MS = 5_000;

    enum Signal { TERM, KILL }

    private final Path killCommand;

    /** @param killCommand {@code kill(1)}, or {@code null} to signal process by process only */
    ProcessGroups(Path killCommand) {
        this.killCommand = killCommand;
    }

    static ProcessGroups locate() {
        for (String candidate : List.of("/bin/kill", "/usr/bin/kill")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return new ProcessGroups(Path.of(candidate));
            }
        }
        log.warn("no kill(1) found in /bin or /usr/bin; signalling processes one by one");
        return new ProcessGroups(null);
    }

    /** Sends the signal to every process in the group; false if that could not be done or nobody was there. */
    boolean signalGroup(long pgid, Signal signal) {
        if (killCommand == null || pgid <= 1) {
            return false;
        }
        ProcessBuilder kill = new ProcessBuilder(killCommand.toString(), "-s", signal.name(), "--", "-" + pgid)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            // onExit().get rather than waitFor: it does not pin a virtual thread's carrier.
            return kill.start().onExit().get(KILL_COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS).exitValue() == 0;
        } catch (IOException | ExecutionException | TimeoutException e) {
            log.warn("cannot signal process group {} with {}: {}", pgid, signal, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The live (not zombie) processes whose process group is {@code pgid}. */
    static List<ProcessHandle> members(long pgid) {
        List<ProcessHandle> members = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (liveGroupOf(pid) == pgid) {
                    ProcessHandle.of(pid).ifPresent(members::add);
                }
            }
        } catch (IOException e) {
            log.warn("cannot list {}: {}", PROC, e.toString());
        }
        return members;
    }

    /**
     * Whether the process still runs. Unlike {@link ProcessHandle#isAlive()}, a zombie counts as
     * gone: it holds no resources and ignores signals, and when the agent runs as PID 1 of a
     * container that does not reap orphans, killed grandchildren stay zombies for good.
     */
    static boolean running(ProcessHandle process) {
        return process.isAlive() && liveGroupOf(process.pid()) >= 0;
    }

    /** The process group of a live process, if it exists and is not a zombie. */
    static OptionalLong groupOf(long pid) {
        long pgid = liveGroupOf(pid);
        return pgid < 0 ? OptionalLong.empty() : OptionalLong.of(pgid);
    }

    private static long liveGroupOf(long pid) {
        String stat;
        try {
            stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
        } catch (IOException e) {
            return -1; // gone meanwhile
        }
        // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so skip to the last ')'.
        int end = stat.lastIndexOf(')');
        String[] fields = end < 0 ? new String[0] : stat.substring(Math.min(end + 2, stat.length())).split(" ", 4);
        if (fields.length < 3 || fields[0].equals("Z") || fields[0].equals("X")) {
            return -1;
        }
        try {
            return Long.parseLong(fields[2]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
