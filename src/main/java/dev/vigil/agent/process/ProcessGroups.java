package dev.vigil.agent.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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

    /**
     * The live (not zombie) processes whose process group is {@code pgid}, as found by a pass over
     * {@code /proc} that starts after this call. Reading every process's {@code stat} is the costly
     * part of a run's end (all processes of the machine, for each run), so callers that ask at the
     * same time share one pass: see {@link Census}.
     */
    static List<ProcessHandle> members(long pgid) {
        return Census.INSTANCE.members(pgid);
    }

    /** One pass over {@code /proc}: the live members of each of {@code pgids}. */
    static Map<Long, List<ProcessHandle>> scan(Set<Long> pgids) {
        Map<Long, List<ProcessHandle>> found = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                long group = liveGroupOf(pid);
                if (group >= 0 && pgids.contains(group)) {
                    ProcessHandle.of(pid).ifPresent(h -> found.computeIfAbsent(group, g -> new ArrayList<>()).add(h));
                }
            }
        } catch (IOException e) {
            log.warn("cannot list {}: {}", PROC, e.toString());
        }
        return found;
    }

    /**
     * Answers {@link #members} for everybody asking at once with one {@code /proc} pass, on a
     * daemon thread of its own: a question is answered by the first pass that starts after it was
     * asked, so an answer is never older than the question. Passes start at most every
     * {@link #MIN_INTERVAL_NANOS}: with many runs ending (an agent at full capacity) a pass serves
     * all that ended meanwhile instead of one pass each; a lone run's end waits for none.
     */
    static final class Census {
        static final Census INSTANCE = new Census();
        static final long MIN_INTERVAL_NANOS = 5_000_000;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition asked = lock.newCondition();
        private Map<Long, CompletableFuture<List<ProcessHandle>>> waiting = new HashMap<>(); // guarded by lock
        private Thread thread; // guarded by lock

        List<ProcessHandle> members(long pgid) {
            CompletableFuture<List<ProcessHandle>> answer;
            lock.lock();
            try {
                answer = waiting.computeIfAbsent(pgid, g -> new CompletableFuture<>());
                if (thread == null) thread = Thread.ofPlatform().daemon(true).name("vigil-process-census").start(this::loop);
                asked.signal();
            } finally {
                lock.unlock();
            }
            return answer.join();
        }

        private void loop() {
            long lastPass = System.nanoTime() - MIN_INTERVAL_NANOS;
            while (true) {
                Map<Long, CompletableFuture<List<ProcessHandle>>> batch;
                lock.lock();
                try {
                    while (waiting.isEmpty()) asked.awaitUninterruptibly();
                } finally {
                    lock.unlock();
                }
                long wait = lastPass + MIN_INTERVAL_NANOS - System.nanoTime();
                if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait); // let others ending now join this pass
                lastPass = System.nanoTime();
                lock.lock();
                try {
                    batch = waiting;
                    waiting = new HashMap<>();
                } finally {
                    lock.unlock();
                }
                try {
                    Map<Long, List<ProcessHandle>> found = scan(batch.keySet());
                    batch.forEach((pgid, answer) -> answer.complete(found.getOrDefault(pgid, List.of())));
                } catch (RuntimeException | Error e) {
                    batch.values().forEach(answer -> answer.completeExceptionally(e));
                }
            }
        }
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
