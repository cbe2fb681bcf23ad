package dev.vigil.agent.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record on disk of the process groups an agent of an earlier Vigil version ran, before agents
 * kept each run's process adoptable ({@link ProcessDir}): such a process cannot be taken over (its
 * output went to pipes of the dead agent, its exit status to nobody), its run is recorded
 * {@code lost} and retried, and it must not run on next to the retry. So the next agent process
 * ends it: {@link #endLegacyLeftovers}.
 *
 * <p>Each entry holds the leader's pid (= the group id), its start time and the boot id: a group is
 * ended only if it is provably the one recorded — its leader still alive with the same start time,
 * or the leader gone but the group still populated (the kernel does not reuse a group id while the
 * group has members), in the same boot.
 */
public final class ProcessLedger {
    private static final Logger log = LoggerFactory.getLogger(ProcessLedger.class);
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private final Path dir;
    private final ProcessGroups groups = ProcessGroups.locate();

    public ProcessLedger(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** Notes that the run's process group {@code pid} is running. */
    public void started(long runId, long pid) {
        if (pid <= 1) return;
        String start = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Instant::toString).orElse("-");
        try {
            Files.writeString(dir.resolve(Long.toString(runId)), pid + " " + start + " " + bootId() + "\n");
        } catch (IOException e) {
            log.warn("cannot record the process of run {} in {}: {}", runId, dir, e.getMessage());
        }
    }

    /** The run's process group has ended. */
    public void ended(long runId) {
        try {
            Files.deleteIfExists(dir.resolve(Long.toString(runId)));
        } catch (IOException e) {
            log.warn("cannot clear the process of run {} from {}: {}", runId, dir, e.getMessage());
        }
    }

    /**
     * Ends (TERM, then KILL after {@code grace}) every recorded group still running: what an earlier
     * agent process left. Call before taking work.
     * @return the runs whose processes were ended
     */
    public List<Long> endLeftovers(Duration grace) {
        List<Long> ended = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                long runId;
                try {
                    runId = Long.parseLong(entry.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (endIfOurs(entry, grace)) ended.add(runId);
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            log.warn("cannot read the process ledger {}: {}", dir, e.getMessage());
        }
        return ended;
    }

    private boolean endIfOurs(Path entry, Duration grace) throws IOException {
        String[] f = Files.readString(entry).trim().split(" ");
        if (f.length < 3) return false;
        long pgid;
        try {
            pgid = Long.parseLong(f[0]);
        } catch (NumberFormatException e) {
            return false;
        }
        if (pgid <= 1 || !f[2].equals(bootId())) return false;
        Optional<ProcessHandle> leader = ProcessHandle.of(pgid).filter(ProcessHandle::isAlive);
        if (leader.isPresent()) {
            String start = leader.get().info().startInstant().map(Instant::toString).orElse("-");
            if (!start.equals(f[1])) return false; // the pid was reused by another process
        } else if (ProcessGroups.members(pgid).isEmpty()) {
            return false; // nothing left of it
        }
        log.warn("ending process group {} left running by an earlier agent process ({})", pgid, entry.getFileName());
        groups.signalGroup(pgid, ProcessGroups.Signal.TERM);
        long until = System.nanoTime() + grace.toNanos();
        while (!ProcessGroups.members(pgid).isEmpty() && System.nanoTime() < until) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!ProcessGroups.members(pgid).isEmpty()) groups.signalGroup(pgid, ProcessGroups.Signal.KILL);
        return true;
    }

    /**
     * Ends what an agent of an earlier version recorded in {@code dir}, if there is such a
     * directory, and removes it.
     * @return the runs whose processes were ended
     */
    public static List<Long> endLegacyLeftovers(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try {
            List<Long> ended = new ProcessLedger(dir).endLeftovers(ProcessSpec.DEFAULT_KILL_GRACE);
            if (!ended.isEmpty()) log.warn("ended the processes of runs {}, left running by an agent of an earlier version", ended);
            Files.deleteIfExists(dir);
            return ended;
        } catch (IOException e) {
            log.warn("cannot clear the old process ledger {}: {}", dir, e.getMessage());
            return List.of();
        }
    }

    private static String bootId() {
        try {
            return Files.readString(BOOT_ID).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
